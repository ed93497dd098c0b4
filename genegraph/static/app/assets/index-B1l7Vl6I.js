(function(){const n=document.createElement("link").relList;if(n&&n.supports&&n.supports("modulepreload"))return;for(const o of document.querySelectorAll('link[rel="modulepreload"]'))i(o);new MutationObserver(o=>{for(const l of o)if(l.type==="childList")for(const d of l.addedNodes)d.tagName==="LINK"&&d.rel==="modulepreload"&&i(d)}).observe(document,{childList:!0,subtree:!0});function r(o){const l={};return o.integrity&&(l.integrity=o.integrity),o.referrerPolicy&&(l.referrerPolicy=o.referrerPolicy),o.crossOrigin==="use-credentials"?l.credentials="include":o.crossOrigin==="anonymous"?l.credentials="omit":l.credentials="same-origin",l}function i(o){if(o.ep)return;o.ep=!0;const l=r(o);fetch(o.href,l)}})();var de,v,Ve,L,Oe,Xe,Ye,me,ne,z,Je,Se,ve,be,le={},se=[],un=/acit|ex(?:s|g|n|p|$)|rph|grid|ows|mnc|ntw|ine[ch]|zoo|^ord|itera/i,he=Array.isArray;function G(e,n){for(var r in n)e[r]=n[r];return e}function we(e){e&&e.parentNode&&e.parentNode.removeChild(e)}function _n(e,n,r){var i,o,l,d={};for(l in n)l=="key"?i=n[l]:l=="ref"?o=n[l]:d[l]=n[l];if(arguments.length>2&&(d.children=arguments.length>3?de.call(arguments,2):r),typeof e=="function"&&e.defaultProps!=null)for(l in e.defaultProps)d[l]===void 0&&(d[l]=e.defaultProps[l]);return te(e,d,i,o,null)}function te(e,n,r,i,o){var l={type:e,props:n,key:r,ref:i,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:o??++Ve,__i:-1,__u:0};return o==null&&v.vnode!=null&&v.vnode(l),l}function k(e){return e.children}function re(e,n){this.props=e,this.context=n}function E(e,n){if(n==null)return e.__?E(e.__,e.__i+1):null;for(var r;n<e.__k.length;n++)if((r=e.__k[n])!=null&&r.__e!=null)return r.__e;return typeof e.type=="function"?E(e):null}function mn(e){if(e.__P&&e.__d){var n=e.__v,r=n.__e,i=[],o=[],l=G({},n);l.__v=n.__v+1,v.vnode&&v.vnode(l),xe(e.__P,l,n,e.__n,e.__P.namespaceURI,32&n.__u?[r]:null,i,r??E(n),!!(32&n.__u),o),l.__v=n.__v,l.__.__k[l.__i]=l,rn(i,l,o),n.__e=n.__=null,l.__e!=r&&Ze(l)}}function Ze(e){if((e=e.__)!=null&&e.__c!=null)return e.__e=e.__c.base=null,e.__k.some(function(n){if(n!=null&&n.__e!=null)return e.__e=e.__c.base=n.__e}),Ze(e)}function Pe(e){(!e.__d&&(e.__d=!0)&&L.push(e)&&!ae.__r++||Oe!=v.debounceRendering)&&((Oe=v.debounceRendering)||Xe)(ae)}function ae(){try{for(var e,n=1;L.length;)L.length>n&&L.sort(Ye),e=L.shift(),n=L.length,mn(e)}finally{L.length=ae.__r=0}}function en(e,n,r,i,o,l,d,a,h,c,_){var y,s,u,m,f,b,p=i&&i.__k||se,g=n.length;for(h=pn(r,n,p,h,g),y=0;y<g;y++)(u=r.__k[y])!=null&&(s=u.__i!=-1&&p[u.__i]||le,u.__i=y,b=xe(e,u,s,o,l,d,a,h,c,_),m=u.__e,u.ref&&s.ref!=u.ref&&(s.ref&&ke(s.ref,null,u),_.push(u.ref,u.__c||m,u)),f==null&&m!=null&&(f=m),4&u.__u?(h=nn(u,h,e),s.__e&&(s.__e=null)):typeof u.type=="function"&&b!==void 0?h=b:m&&(h=m.nextSibling),u.__u&=-7);return r.__e=f,h}function pn(e,n,r,i,o){var l,d,a,h,c,_=r.length,y=_,s=0;for(e.__k=new Array(o),l=0;l<o;l++)(d=n[l])!=null&&typeof d!="boolean"&&typeof d!="function"?(typeof d=="string"||typeof d=="number"||typeof d=="bigint"||d.constructor==String?d=e.__k[l]=te(null,d,null,null,null):he(d)?d=e.__k[l]=te(k,{children:d},null,null,null):d.constructor===void 0&&d.__b>0?d=e.__k[l]=te(d.type,d.props,d.key,d.ref?d.ref:null,d.__v):e.__k[l]=d,h=l+s,d.__=e,d.__b=e.__b+1,a=null,(c=d.__i=fn(d,r,h,y))!=-1&&(y--,(a=r[c])&&(a.__u|=2)),a==null||a.__v==null?(c==-1&&(o>_?s--:o<_&&s++),typeof d.type!="function"&&(d.__u|=4)):c!=h&&(c==h-1?s--:c==h+1?s++:(c>h?s--:s++,d.__u|=4))):e.__k[l]=null;if(y)for(l=0;l<_;l++)(a=r[l])!=null&&(2&a.__u)==0&&(a.__e==i&&(i=E(a)),ln(a,a));return i}function nn(e,n,r){var i,o;if(typeof e.type=="function"){for(i=e.__k,o=0;i&&o<i.length;o++)i[o]&&(i[o].__=e,n=nn(i[o],n,r));return n}e.__e!=n&&(n&&e.type&&!n.parentNode&&(n=E(e)),n=r.insertBefore(e.__e,n||null));do n=n&&n.nextSibling;while(n!=null&&n.nodeType==8);return n}function fn(e,n,r,i){var o,l,d,a=e.key,h=e.type,c=n[r],_=c!=null&&(2&c.__u)==0;if(c===null&&a==null||_&&a==c.key&&h==c.type)return r;if(i>(_?1:0)){for(o=r-1,l=r+1;o>=0||l<n.length;)if((c=n[d=o>=0?o--:l++])!=null&&(2&c.__u)==0&&a==c.key&&h==c.type)return d}return-1}function Ee(e,n,r){n[0]=="-"?e.setProperty(n,r??""):e[n]=r==null?"":typeof r!="number"||un.test(n)?r:r+"px"}function Y(e,n,r,i,o){var l,d;e:if(n=="style")if(typeof r=="string")e.style.cssText=r;else{if(typeof i=="string"&&(e.style.cssText=i=""),i)for(n in i)r&&n in r||Ee(e.style,n,"");if(r)for(n in r)i&&r[n]==i[n]||Ee(e.style,n,r[n])}else if(n[0]=="o"&&n[1]=="n")l=n!=(n=n.replace(Je,"$1")),d=n.toLowerCase(),n=d in e||n=="onFocusOut"||n=="onFocusIn"?d.slice(2):n.slice(2),e.l||(e.l={}),e.l[n+l]=r,r?i?r[z]=i[z]:(r[z]=Se,e.addEventListener(n,l?be:ve,l)):e.removeEventListener(n,l?be:ve,l);else{if(o=="http://www.w3.org/2000/svg")n=n.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(n!="width"&&n!="height"&&n!="href"&&n!="list"&&n!="form"&&n!="tabIndex"&&n!="download"&&n!="rowSpan"&&n!="colSpan"&&n!="role"&&n!="popover"&&n in e)try{e[n]=r??"";break e}catch{}typeof r=="function"||(r==null||r===!1&&n[4]!="-"?e.removeAttribute(n):e.setAttribute(n,n=="popover"&&r==1?"":r))}}function De(e){return function(n){if(this.l){var r=this.l[n.type+e];if(n[ne]==null)n[ne]=Se++;else if(n[ne]<r[z])return;return r(v.event?v.event(n):n)}}}function xe(e,n,r,i,o,l,d,a,h,c){var _,y,s,u,m,f,b,p,g,x,O,P,B,Ae,X,_e,T=n.type;if(n.constructor!==void 0)return null;128&r.__u&&(h=!!(32&r.__u),l=[a=n.__e=r.__e]),(_=v.__b)&&_(n);e:if(typeof T=="function"){y=d.length;try{if(g=n.props,x=T.prototype&&T.prototype.render,O=(_=T.contextType)&&i[_.__c],P=_?O?O.props.value:_.__:i,r.__c?p=(s=n.__c=r.__c).__=s.__E:(x?n.__c=s=new T(g,P):(n.__c=s=new re(g,P),s.constructor=T,s.render=yn),O&&O.sub(s),s.state||(s.state={}),s.__n=i,u=s.__d=!0,s.__h=[],s._sb=[]),x&&s.__s==null&&(s.__s=s.state),x&&T.getDerivedStateFromProps!=null&&(s.__s==s.state&&(s.__s=G({},s.__s)),G(s.__s,T.getDerivedStateFromProps(g,s.__s))),m=s.props,f=s.state,s.__v=n,u)x&&T.getDerivedStateFromProps==null&&s.componentWillMount!=null&&s.componentWillMount(),x&&s.componentDidMount!=null&&s.__h.push(s.componentDidMount);else{if(x&&T.getDerivedStateFromProps==null&&g!==m&&s.componentWillReceiveProps!=null&&s.componentWillReceiveProps(g,P),n.__v==r.__v||!s.__e&&s.shouldComponentUpdate!=null&&s.shouldComponentUpdate(g,s.__s,P)===!1){n.__v!=r.__v&&(s.props=g,s.state=s.__s,s.__d=!1),n.__e=r.__e,n.__k=r.__k,n.__k.some(function(D){D&&(D.__=n)}),se.push.apply(s.__h,s._sb),s._sb=[],s.__h.length&&d.push(s),a=E(r);break e}s.componentWillUpdate!=null&&s.componentWillUpdate(g,s.__s,P),x&&s.componentDidUpdate!=null&&s.__h.push(function(){s.componentDidUpdate(m,f,b)})}if(s.context=P,s.props=g,s.__P=e,s.__e=!1,B=v.__r,Ae=0,x)s.state=s.__s,s.__d=!1,B&&B(n),_=s.render(s.props,s.state,s.context),se.push.apply(s.__h,s._sb),s._sb=[];else do s.__d=!1,B&&B(n),_=s.render(s.props,s.state,s.context),s.state=s.__s;while(s.__d&&++Ae<25);s.state=s.__s,s.getChildContext!=null&&(i=G(G({},i),s.getChildContext())),x&&!u&&s.getSnapshotBeforeUpdate!=null&&(b=s.getSnapshotBeforeUpdate(m,f)),X=_!=null&&_.type===k&&_.key==null?on(_.props.children):_,a=en(e,he(X)?X:[X],n,r,i,o,l,d,a,h,c),s.base=n.__e,n.__u&=-161,s.__h.length&&d.push(s),p&&(s.__E=s.__=null)}catch(D){if(d.length=y,n.__v=null,h||l!=null){if(D.then){for(n.__u|=h?160:128;a&&a.nodeType==8&&a.nextSibling;)a=a.nextSibling;l!=null&&(l[l.indexOf(a)]=null),n.__e=a}else if(l!=null)for(_e=l.length;_e--;)we(l[_e])}else n.__e=r.__e;n.__k==null&&(n.__k=r.__k||[]),D.then||tn(n),v.__e(D,n,r)}}else l==null&&n.__v==r.__v?(n.__k=r.__k,n.__e=r.__e):a=n.__e=gn(r.__e,n,r,i,o,l,d,h,c);return(_=v.diffed)&&_(n),128&n.__u?void 0:a}function tn(e){e&&(e.__c&&(e.__c.__e=!0),e.__k&&e.__k.some(tn))}function rn(e,n,r){for(var i=0;i<r.length;i++)ke(r[i],r[++i],r[++i]);v.__c&&v.__c(n,e),e.some(function(o){try{e=o.__h,o.__h=[],e.some(function(l){l.call(o)})}catch(l){v.__e(l,o.__v)}})}function on(e){return typeof e!="object"||e==null||e.__b>0?e:he(e)?e.map(on):e.constructor!==void 0?null:G({},e)}function gn(e,n,r,i,o,l,d,a,h){var c,_,y,s,u,m,f,b=r.props||le,p=n.props,g=n.type;if(g=="svg"?o="http://www.w3.org/2000/svg":g=="math"?o="http://www.w3.org/1998/Math/MathML":o||(o="http://www.w3.org/1999/xhtml"),l!=null){for(c=0;c<l.length;c++)if((u=l[c])&&"setAttribute"in u==!!g&&(g?u.localName==g:u.nodeType==3)){e=u,l[c]=null;break}}if(e==null){if(g==null)return document.createTextNode(p);e=document.createElementNS(o,g,p.is&&p),a&&(v.__m&&v.__m(n,l),a=!1),l=null}if(g==null)b===p||a&&e.data==p||(e.data=p);else{if(l=g=="textarea"&&p.defaultValue!=null?null:l&&de.call(e.childNodes),!a&&l!=null)for(b={},c=0;c<e.attributes.length;c++)b[(u=e.attributes[c]).name]=u.value;for(c in b)u=b[c],c=="dangerouslySetInnerHTML"?y=u:c=="children"||c in p||c=="value"&&"defaultValue"in p||c=="checked"&&"defaultChecked"in p||Y(e,c,null,u,o);for(c in p)u=p[c],c=="children"?s=u:c=="dangerouslySetInnerHTML"?_=u:c=="value"?m=u:c=="checked"?f=u:a&&typeof u!="function"||b[c]===u||Y(e,c,u,b[c],o);if(_)a||y&&(_.__html==y.__html||_.__html==e.innerHTML)||(e.innerHTML=_.__html),n.__k=[];else if(y&&(e.innerHTML=""),en(n.type=="template"?e.content:e,he(s)?s:[s],n,r,i,g=="foreignObject"?"http://www.w3.org/1999/xhtml":o,l,d,l?l[0]:r.__k&&E(r,0),a,h),l!=null)for(c=l.length;c--;)we(l[c]);a&&g!="textarea"||(c="value",g=="progress"&&m==null?e.removeAttribute("value"):m!=null&&(m!==e[c]||g=="progress"&&!m||g=="option"&&m!=b[c])&&Y(e,c,m,b[c],o),c="checked",f!=null&&f!=e[c]&&Y(e,c,f,b[c],o))}return e}function ke(e,n,r){try{if(typeof e=="function"){var i=typeof e.__u=="function";i&&e.__u(),i&&n==null||(e.__u=e(n))}else e.current=n}catch(o){v.__e(o,r)}}function ln(e,n,r){var i,o;if(v.unmount&&v.unmount(e),(i=e.ref)&&(i.current&&i.current!=e.__e||ke(i,null,n)),(i=e.__c)!=null){if(i.componentWillUnmount)try{i.componentWillUnmount()}catch(l){v.__e(l,n)}i.base=i.__P=i.__n=null}if(i=e.__k)for(o=0;o<i.length;o++)i[o]&&ln(i[o],n,r||typeof e.type!="function");r||we(e.__e),e.__c=e.__=e.__e=void 0}function yn(e,n,r){return this.constructor(e,r)}function vn(e,n,r){var i,o,l,d;n==document&&(n=document.documentElement),v.__&&v.__(e,n),o=(i=!1)?null:n.__k,l=[],d=[],xe(n,e=n.__k=_n(k,null,[e]),o||le,le,n.namespaceURI,o?null:n.firstChild?de.call(n.childNodes):null,l,o?o.__e:n.firstChild,i,d),rn(l,e,d),e.props.children=null}de=se.slice,v={__e:function(e,n,r,i){for(var o,l,d;n=n.__;)if((o=n.__c)&&!o.__)try{if((l=o.constructor)&&l.getDerivedStateFromError!=null&&(o.setState(l.getDerivedStateFromError(e)),d=o.__d),o.componentDidCatch!=null&&(o.componentDidCatch(e,i||{}),d=o.__d),d)return o.__E=o}catch(a){e=a}throw e}},Ve=0,re.prototype.setState=function(e,n){var r;r=this.__s!=null&&this.__s!=this.state?this.__s:this.__s=G({},this.state),typeof e=="function"&&(e=e(G({},r),this.props)),e&&G(r,e),e!=null&&this.__v&&(n&&this._sb.push(n),Pe(this))},re.prototype.forceUpdate=function(e){this.__v&&(this.__e=!0,e&&this.__h.push(e),Pe(this))},re.prototype.render=k,L=[],Xe=typeof Promise=="function"?Promise.prototype.then.bind(Promise.resolve()):setTimeout,Ye=function(e,n){return e.__v.__b-n.__v.__b},ae.__r=0,me=Math.random().toString(8),ne="__d"+me,z="__a"+me,Je=/(PointerCapture)$|Capture$/i,Se=0,ve=De(!1),be=De(!0);var bn=0;function t(e,n,r,i,o,l){n||(n={});var d,a,h=n;if("ref"in h)for(a in h={},n)a=="ref"?d=n[a]:h[a]=n[a];var c={type:e,props:h,key:r,ref:d,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:--bn,__i:-1,__u:0,__source:o,__self:l};if(typeof e=="function"&&(d=e.defaultProps))for(a in d)h[a]===void 0&&(h[a]=d[a]);return v.vnode&&v.vnode(c),c}var Q,S,pe,Me,ce=0,sn=[],w=v,Re=w.__b,Ue=w.__r,qe=w.diffed,Be=w.__c,He=w.unmount,Fe=w.__;function Ne(e,n){w.__h&&w.__h(S,e,ce||n),ce=0;var r=S.__H||(S.__H={__:[],__h:[]});return e>=r.__.length&&r.__.push({}),r.__[e]}function $(e){return ce=1,$n(cn,e)}function $n(e,n,r){var i=Ne(Q++,2);if(i.t=e,!i.__c&&(i.__=[cn(void 0,n),function(a){var h=i.__N?i.__N[0]:i.__[0],c=i.t(h,a);h!==c&&(i.__N=[c,i.__[1]],i.__c.setState({}))}],i.__c=S,!S.__f)){var o=function(a,h,c){if(!i.__c.__H)return!0;var _=!1,y=i.__c.props!==a;if(i.__c.__H.__.some(function(u){if(u.__N){_=!0;var m=u.__[0];u.__=u.__N,u.__N=void 0,m!==u.__[0]&&(y=!0)}}),l){var s=l.call(this,a,h,c);return _?s||y:s}return!_||y};S.__f=!0;var l=S.shouldComponentUpdate,d=S.componentWillUpdate;S.componentWillUpdate=function(a,h,c){if(this.__e){var _=l;l=void 0,o(a,h,c),l=_}d&&d.call(this,a,h,c)},S.shouldComponentUpdate=o}return i.__N||i.__}function C(e,n){var r=Ne(Q++,3);!w.__s&&an(r.__H,n)&&(r.__=e,r.u=n,S.__H.__h.push(r))}function Sn(e){return ce=5,wn(function(){return{current:e}},[])}function wn(e,n){var r=Ne(Q++,7);return an(r.__H,n)&&(r.__=e(),r.__H=n,r.__h=e),r.__}function xn(){for(var e;e=sn.shift();){var n=e.__H;if(e.__P&&n)try{n.__h.some(oe),n.__h.some($e),n.__h=[]}catch(r){n.__h=[],w.__e(r,e.__v)}}}w.__b=function(e){S=null,Re&&Re(e)},w.__=function(e,n){e&&n.__k&&n.__k.__m&&(e.__m=n.__k.__m),Fe&&Fe(e,n)},w.__r=function(e){Ue&&Ue(e),Q=0;var n=(S=e.__c).__H;n&&(pe===S?(n.__h=[],S.__h=[],n.__.some(function(r){r.__N&&(r.__=r.__N),r.u=r.__N=void 0})):(n.__h.some(oe),n.__h.some($e),n.__h=[],Q=0)),pe=S},w.diffed=function(e){qe&&qe(e);var n=e.__c;n&&n.__H&&(n.__H.__h.length&&(sn.push(n)!==1&&Me===w.requestAnimationFrame||((Me=w.requestAnimationFrame)||kn)(xn)),n.__H.__.some(function(r){r.u&&(r.__H=r.u,r.u=void 0)})),pe=S=null},w.__c=function(e,n){n.some(function(r){try{r.__h.some(oe),r.__h=r.__h.filter(function(i){return!i.__||$e(i)})}catch(i){n.some(function(o){o.__h&&(o.__h=[])}),n=[],w.__e(i,r.__v)}}),Be&&Be(e,n)},w.unmount=function(e){He&&He(e);var n,r=e.__c;r&&r.__H&&(r.__H.__.some(function(i){try{oe(i)}catch(o){n=o}}),r.__H=void 0,n&&w.__e(n,r.__v))};var je=typeof requestAnimationFrame=="function";function kn(e){var n,r=function(){clearTimeout(i),je&&cancelAnimationFrame(n),setTimeout(e)},i=setTimeout(r,35);je&&(n=requestAnimationFrame(r))}function oe(e){var n=S,r=e.__c;typeof r=="function"&&(e.__c=void 0,r()),S=n}function $e(e){var n=S;e.__c=e.__(),S=n}function an(e,n){return!e||e.length!==n.length||n.some(function(r,i){return r!==e[i]})}function cn(e,n){return typeof n=="function"?n(e):n}class fe extends Error{}async function A(e,n,r){const i=await fetch("/graphql",{method:"POST",headers:{"content-type":"application/json",accept:"application/graphql-response+json, application/json"},body:JSON.stringify({query:e.toString(),variables:n}),signal:r});let o;try{o=await i.json()}catch{throw new fe(`The server answered ${i.status} without GraphQL.`)}if(o.errors?.length)throw new fe(o.errors.map(l=>l.message).join("; "));if(!o.data)throw new fe(`The server answered ${i.status}.`);return o.data}function We(e){const n=e.pathname,r=new URLSearchParams(e.search),i=l=>decodeURIComponent(n.slice(l.length)),o=Number(r.get("taxon"))||null;return n.startsWith("/gene/")?{page:"gene",id:i("/gene/"),taxon:o}:n.startsWith("/term/")?{page:"term",id:i("/term/")}:n==="/enrichment"?{page:"enrichment"}:n==="/"||n==="/search"?{page:"search",query:r.get("q")??"",taxon:o}:{page:"missing",path:n}}const U=e=>`/gene/${encodeURIComponent(e)}`,q=e=>`/term/${encodeURIComponent(e)}`;function ie(e,n=!1){n?history.replaceState(null,"",e):history.pushState(null,"",e),dispatchEvent(new PopStateEvent("popstate")),n||scrollTo(0,0)}function Nn(){const[e,n]=$(()=>We(location));return C(()=>{const r=()=>n(We(location));return addEventListener("popstate",r),()=>removeEventListener("popstate",r)},[]),e}function Tn(){document.addEventListener("click",e=>{if(e.defaultPrevented||e.button!==0||e.metaKey||e.ctrlKey||e.shiftKey||e.altKey)return;const n=e.target.closest?.("a");if(!n||n.target||n.hasAttribute("download"))return;const r=new URL(n.href,location.href);r.origin!==location.origin||!n.hasAttribute("data-app")||(e.preventDefault(),ie(r.pathname+r.search))})}const M=22,I=230,H=300,Cn=1e-300;function In(e,n){return e.length>n?`${e.slice(0,n-1)}…`:e}function Gn({terms:e}){const n=e.slice(0,20),r=a=>-Math.log10(Math.max(a,Cn)),i=r(.05),o=Math.max(i*1.2,...n.map(a=>r(a.fdr))),l=a=>I+a/o*H,d=n.length*M+34;return t("figure",{class:"plot",children:t("div",{class:"scroll",children:t("svg",{role:"img","aria-label":`−log10 FDR of the ${n.length} most enriched terms`,viewBox:`0 0 ${I+H+60} ${d}`,width:I+H+60,height:d,children:[n.map((a,h)=>{const c=h*M+4,_=r(a.fdr);return t("a",{href:q(a.term.id),"data-app":!0,children:[t("text",{x:I-6,y:c+14,"text-anchor":"end",class:"label",children:In(a.term.name,34)}),t("rect",{class:a.fdr<.05?"bar significant":"bar",x:I,y:c+2,width:Math.max(1,l(_)-I),height:M-6}),t("text",{x:l(_)+4,y:c+14,class:"value",children:_.toFixed(2)}),t("title",{children:`${a.term.id} ${a.term.name}: FDR ${a.fdr.toPrecision(3)}`})]},a.term.id)}),t("line",{class:"threshold",x1:l(i),x2:l(i),y1:0,y2:n.length*M+6}),t("line",{class:"axis",x1:I,x2:I+H,y1:n.length*M+6,y2:n.length*M+6}),t("text",{x:I+H/2,y:d-4,"text-anchor":"middle",class:"axis-label",children:"−log10 FDR (dashed: FDR 0.05)"})]})})})}const ge=22,F=260,ye=280;function Ln(e,n){return e.length>n?`${e.slice(0,n-1)}…`:e}function dn({terms:e,value:n,unit:r,caption:i}){const o=e.filter(a=>n(a)>0).sort((a,h)=>n(h)-n(a));if(o.length===0)return t("p",{class:"slim-none",children:["No term of the slim: ",i]});const l=Math.max(...o.map(n)),d=o.length*ge+6;return t("figure",{class:"slim-plot",children:[t("div",{class:"scroll",children:t("svg",{role:"img","aria-label":`GO slim: ${r} per term`,viewBox:`0 0 ${F+ye+50} ${d}`,width:F+ye+50,height:d,children:o.map((a,h)=>{const c=h*ge+2,_=Math.max(1,n(a)/l*ye);return t("a",{href:q(a.term.id),"data-app":!0,"data-term":a.term.id,children:[t("text",{x:F-6,y:c+14,"text-anchor":"end",class:"label",children:Ln(a.term.name,40)}),t("rect",{class:"slim-bar",x:F,y:c+2,width:_,height:ge-6}),t("text",{x:F+_+4,y:c+14,class:"value",children:n(a)}),t("title",{children:`${a.term.id} ${a.term.name}: ${n(a)} ${r}`})]},a.term.id)})})}),t("figcaption",{children:i})]})}function ue({loaded:e,children:n}){return e.state==="loading"?t("p",{role:"status",children:"Loading…"}):e.state==="error"?t("p",{role:"alert",class:"error",children:e.message}):t(k,{children:n(e.data)})}class N extends String{constructor(n,r){super(n),this.value=n,this.__meta__=r}toString(){return this.value}}new N(`
    fragment SpeciesName on Species {
  taxonId
  scientificName
  commonName
}
    `,{fragmentName:"SpeciesName"});const An=new N(`
    query Search($query: String!, $taxon: Int, $first: Int) {
  search(query: $query, taxon: $taxon, first: $first) {
    totalCount
    nodes {
      matchedBy
      matchedText
      gene {
        id
        symbol
        name
        species {
          ...SpeciesName
        }
      }
    }
  }
}
    fragment SpeciesName on Species {
  taxonId
  scientificName
  commonName
}`),On=new N(`
    query GenePage($id: ID, $symbol: String, $taxon: Int) {
  gene(id: $id, symbol: $symbol, taxon: $taxon) {
    id
    geneId
    symbol
    name
    summary
    summaryProvenance
    type
    chromosome
    mapLocation
    aliases
    species {
      ...SpeciesName
    }
    xrefs {
      database
      id
      url
    }
    orthologs {
      sources
      gene {
        id
        symbol
        name
        species {
          ...SpeciesName
        }
      }
    }
    annotations {
      term {
        id
        name
        category
      }
      evidence
      qualifier
      source
      references
    }
    changes {
      description
      source
    }
    history {
      discontinuedGenes {
        id
        symbol
        discontinuedOn
      }
      annotationChanges {
        release {
          number
          loadedAt
        }
        added {
          termId
          evidence
          source
        }
        removed {
          termId
          evidence
          source
        }
      }
    }
  }
}
    fragment SpeciesName on Species {
  taxonId
  scientificName
  commonName
}`),Pn=new N(`
    query TermPage($id: ID!) {
  goTerm(id: $id) {
    id
    name
    category
    definition
    isObsolete
    replacedBy
    consider
    altIds
    quickGoUrl
    amigoUrl
    synonyms {
      text
      scope
    }
    parents {
      relation
      term {
        id
      }
    }
    ancestors {
      id
      name
      parents {
        relation
        term {
          id
        }
      }
    }
  }
}
    `),En=new N(`
    query TermGenes($id: ID!, $taxon: Int, $first: Int, $after: String) {
  goTerm(id: $id) {
    id
    genes(taxon: $taxon, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        symbol
        name
        species {
          ...SpeciesName
        }
      }
    }
  }
}
    fragment SpeciesName on Species {
  taxonId
  scientificName
  commonName
}`),Dn=new N(`
    query ResolveGenes($ids: [ID!], $symbols: [String!], $taxon: Int!) {
  genes(ids: $ids, symbols: $symbols, taxon: $taxon) {
    input
    problem
    gene {
      id
      symbol
    }
  }
}
    `),Mn=new N(`
    query Enrichment($genes: [ID!]!, $taxon: Int!, $category: GOCategory) {
  enrichment(genes: $genes, taxon: $taxon, category: $category, maxResults: 50) {
    studySize
    backgroundSize
    testedTerms
    unknownGenes
    otherTaxonGenes {
      id
      symbol
    }
    unannotatedGenes {
      id
      symbol
    }
    terms {
      term {
        id
        name
        category
      }
      studyCount
      backgroundCount
      foldEnrichment
      pValue
      fdr
      studyGenes {
        id
        symbol
      }
    }
  }
}
    `),Rn=new N(`
    query Home {
  currentRelease {
    number
    loadedAt
    sources {
      format
    }
  }
}
    `),Un=new N(`
    query Species {
  species {
    ...SpeciesName
    geneCount
  }
}
    fragment SpeciesName on Species {
  taxonId
  scientificName
  commonName
}`),qn=new N(`
    query SlimRoots {
  process: goTerm(id: "GO:0008150") {
    children {
      relation
      term {
        id
      }
    }
  }
  function: goTerm(id: "GO:0003674") {
    children {
      relation
      term {
        id
      }
    }
  }
  component: goTerm(id: "GO:0005575") {
    children {
      relation
      term {
        id
      }
    }
  }
}
    `),Bn=new N(`
    query SlimSummary($genes: [ID!]!, $slim: [ID!]!, $taxon: Int!, $category: GOCategory, $mapping: SlimMapping!) {
  slimSummary(
    genes: $genes
    slim: $slim
    taxon: $taxon
    category: $category
    mapping: $mapping
  ) {
    geneCount
    unmappedGenes {
      id
      symbol
    }
    terms {
      term {
        id
        name
        category
      }
      geneCount
      annotatedTermCount
    }
  }
}
    `);let j=null;function Hn(){return j??(j=A(qn,{}).then(e=>[e.process,e.function,e.component].flatMap(n=>(n?.children??[]).filter(r=>r.relation==="is_a").map(r=>r.term.id)))),j.catch(()=>{j=null}),j}async function Fn(e,n,r,i=null){const o=await Hn();return o.length===0?null:(await A(Bn,{genes:e,slim:o,taxon:n,category:i,mapping:r})).slimSummary}function hn(e,n,r,i=null){const[o,l]=$({state:"loading"}),d=JSON.stringify([e,n,r,i]);return C(()=>{let a=!0;return l({state:"loading"}),Fn(e,n,r,i).then(h=>a&&l({state:"done",data:h}),h=>a&&l({state:"error",message:String(h)})),()=>{a=!1}},[d]),o}const Te=9606;let J=null;function Ce(){const[e,n]=$([]);return C(()=>{J??(J=A(Un,{}).then(i=>i.species,i=>{throw J=null,i}));let r=!0;return J.then(i=>r&&n(i),()=>r&&n([])),()=>{r=!1}},[]),e}function Ie({species:e}){return t(k,{children:e.map(n=>t("option",{value:n.taxonId,children:[V(n),", ",n.geneCount.toLocaleString("en")," genes"]},n.taxonId))})}const K=[{value:"BIOLOGICAL_PROCESS",label:"biological_process"},{value:"MOLECULAR_FUNCTION",label:"molecular_function"},{value:"CELLULAR_COMPONENT",label:"cellular_component"}],Ge=e=>K.find(n=>n.value===e)?.label??e;function V(e){return e.commonName?`${e.scientificName} (${e.commonName})`:e.scientificName}function jn(e){const n=[...new Set(e.split(/[\s,;]+/).filter(Boolean))];return{ids:n.filter(r=>r.includes(":")),symbols:n.filter(r=>!r.includes(":"))}}async function Wn(e,n,r){const{ids:i,symbols:o}=jn(e);if(i.length+o.length===0)throw new Error("Paste at least one gene.");const l=await A(Dn,{ids:i,symbols:o,taxon:n}),d=l.genes.filter(c=>!c.gene).map(c=>`${c.input} (${c.problem})`),a=[...new Set(l.genes.flatMap(c=>c.gene?[c.gene.id]:[]))];if(a.length===0)throw new Error(`No gene matched: ${d.join(", ")}`);return{result:(await A(Mn,{genes:a,taxon:n,category:r||null})).enrichment,unmatched:d,genes:a,taxon:n,category:r||null}}const ze=e=>e===0?"0":e.toPrecision(3);function zn(){const[e,n]=$(""),r=Ce(),[i,o]=$(Te);C(()=>{r.length&&!r.some(m=>m.taxonId===i)&&o(r[0].taxonId)},[r]);const[l,d]=$("BIOLOGICAL_PROCESS"),[a,h]=$(null),[c,_]=$(null),[y,s]=$(!1);return t("section",{children:[t("h1",{tabIndex:-1,children:"GO enrichment"}),t("p",{children:"Paste gene symbols, aliases or ids (NCBIGene:3558): the GO terms over-represented among them, against every annotated gene of the species."}),t("form",{class:"enrichment",onSubmit:async m=>{m.preventDefault(),s(!0),_(null);try{h(await Wn(e,i,l))}catch(f){h(null),_(f instanceof Error?f.message:String(f))}finally{s(!1)}},children:[t("div",{class:"field grow",children:[t("label",{for:"gene-list",children:"Genes, one per line or separated by commas"}),t("textarea",{id:"gene-list",rows:6,spellcheck:!1,value:e,onInput:m=>n(m.currentTarget.value)})]}),t("div",{class:"field",children:[t("label",{for:"enrichment-species",children:"Species"}),t("select",{id:"enrichment-species",value:i,onChange:m=>o(Number(m.currentTarget.value)),children:t(Ie,{species:r})})]}),t("div",{class:"field",children:[t("label",{for:"enrichment-category",children:"Category"}),t("select",{id:"enrichment-category",value:l,onChange:m=>d(m.currentTarget.value),children:[t("option",{value:"",children:"All categories"}),K.map(m=>t("option",{value:m.value,children:m.label}))]})]}),t("button",{type:"submit",disabled:y,children:y?"Running…":"Run enrichment"})]}),c&&t("p",{role:"alert",class:"error",children:c}),a&&t(Qn,{outcome:a})]})}function Kn({outcome:e}){const n=hn(e.genes,e.taxon,"DIRECT",e.category);return t("section",{"aria-labelledby":"study-slim",children:[t("h3",{id:"study-slim",children:"GO slim summary of the study genes"}),t(ue,{loaded:n,children:r=>r&&t(k,{children:[t(dn,{terms:r.terms,value:i=>i.geneCount,unit:"genes",caption:`Study genes mapped to each term of the first level of GO (of ${r.geneCount}).`}),r.unmappedGenes.length>0&&t("p",{class:"slim-unmapped",children:["Mapped to none: ",r.unmappedGenes.map(i=>i.symbol).join(", "),"."]})]})})]})}function Qn({outcome:e}){const{result:n,unmatched:r}=e,i=[...r,...n.unknownGenes,...n.otherTaxonGenes.map(o=>`${o.symbol} (another species)`),...n.unannotatedGenes.map(o=>`${o.symbol} (not in the background)`)];return t("section",{"aria-labelledby":"enrichment-result",class:"enrichment-result",children:[t("h2",{id:"enrichment-result",children:[n.terms.length," terms with study genes, of ",n.testedTerms," tested"]}),t("p",{role:"status",children:[n.studySize," study genes counted against a background of ",n.backgroundSize,"."]}),i.length>0&&t("p",{class:"notice",children:["Not counted: ",i.join(", "),"."]}),n.terms.length>0&&t(Gn,{terms:n.terms}),t(Kn,{outcome:e}),t("div",{class:"scroll",children:t("table",{class:"enriched",children:[t("thead",{children:t("tr",{children:[t("th",{scope:"col",children:"Term"}),t("th",{scope:"col",children:"Category"}),t("th",{scope:"col",children:"Study"}),t("th",{scope:"col",children:"Background"}),t("th",{scope:"col",children:"Fold"}),t("th",{scope:"col",children:"p-value"}),t("th",{scope:"col",children:"FDR"}),t("th",{scope:"col",children:"Genes"})]})}),t("tbody",{children:n.terms.map(o=>t("tr",{children:[t("td",{children:[t("a",{href:q(o.term.id),"data-app":!0,children:o.term.id})," ",o.term.name]}),t("td",{children:Ge(o.term.category)}),t("td",{class:"number",children:o.studyCount}),t("td",{class:"number",children:o.backgroundCount}),t("td",{class:"number",children:o.foldEnrichment.toFixed(2)}),t("td",{class:"number",children:ze(o.pValue)}),t("td",{class:"number",children:ze(o.fdr)}),t("td",{children:o.studyGenes.map((l,d)=>t(k,{children:[d>0&&", ",t("a",{href:U(l.id),"data-app":!0,children:l.symbol})]}))})]},o.term.id))})]})})]})}function Le(e,n){const[r,i]=$({state:"loading"}),o=JSON.stringify(n);return C(()=>{const l=new AbortController;return i({state:"loading"}),A(e,n,l.signal).then(d=>i({state:"done",data:d}),d=>{l.signal.aborted||i({state:"error",message:String(d)})}),()=>l.abort()},[e,o]),r}const Vn=(e,n)=>e.includes(":")?{id:e}:{symbol:e,taxon:n??Te};function Xn({id:e,taxon:n}){const r=Le(On,Vn(e,n));return t(ue,{loaded:r,children:i=>i.gene?t(Yn,{gene:i.gene},i.gene.id):t("section",{children:[t("h1",{tabIndex:-1,children:["No gene ",e]}),t("p",{children:[e.includes(":")?"No gene has this id.":`No gene has this symbol in taxon ${n??Te}.`," ",t("a",{href:"/","data-app":!0,children:"Search"})," for it by symbol, alias or name."]})]})})}function Yn({gene:e}){return t("article",{class:"gene",children:[t("h1",{tabIndex:-1,children:[e.symbol," ",t("span",{class:"subtitle",children:e.name})]}),t("dl",{class:"facts",children:[t("dt",{children:"Species"}),t("dd",{children:V(e.species)}),t("dt",{children:"Gene id"}),t("dd",{children:e.id}),e.type&&t(k,{children:[t("dt",{children:"Type"}),t("dd",{children:e.type})]}),e.mapLocation&&t(k,{children:[t("dt",{children:"Location"}),t("dd",{children:e.mapLocation})]}),e.aliases.length>0&&t(k,{children:[t("dt",{children:"Also known as"}),t("dd",{children:e.aliases.join("; ")})]})]}),e.summary&&t("section",{"aria-labelledby":"summary",children:[t("h2",{id:"summary",children:"Summary"}),t("p",{children:e.summary}),e.summaryProvenance&&t("p",{class:"provenance",children:e.summaryProvenance})]}),t(Jn,{gene:e}),t(Zn,{annotations:e.annotations}),t(et,{gene:e}),t(nt,{gene:e}),t(tt,{gene:e})]})}function Jn({gene:e}){return t("section",{"aria-labelledby":"orthologs",children:[t("h2",{id:"orthologs",children:"Orthologs"}),e.orthologs.length===0?t("p",{children:"None known."}):t("ul",{class:"orthologs",children:e.orthologs.map(n=>t("li",{children:[t("a",{href:U(n.gene.id),"data-app":!0,children:n.gene.symbol})," ",V(n.gene.species)," ",t("small",{children:["(",n.sources.join(", "),")"]})]},n.gene.id))})]})}function Zn({annotations:e}){const[n,r]=$(""),[i,o]=$(""),l=[...new Set(e.map(h=>h.evidence??"none"))].sort(),d=new Map(K.map(h=>[h.value,new Set]));for(const h of e)d.get(h.term.category)?.add(h.term.id);const a=e.filter(h=>(!n||h.term.category===n)&&(!i||(h.evidence??"none")===i));return t("section",{"aria-labelledby":"go-terms",children:[t("h2",{id:"go-terms",children:"Gene Ontology"}),t("p",{class:"counts","aria-label":"Terms per category",children:K.map(h=>t("span",{"data-category":h.value,children:[h.label,": ",t("strong",{children:d.get(h.value)?.size??0})]},h.value))}),t("div",{class:"filters",children:[t("div",{class:"field",children:[t("label",{for:"go-category",children:"Category"}),t("select",{id:"go-category",value:n,onChange:h=>r(h.currentTarget.value),children:[t("option",{value:"",children:"All categories"}),K.map(h=>t("option",{value:h.value,children:h.label}))]})]}),t("div",{class:"field",children:[t("label",{for:"go-evidence",children:"Evidence"}),t("select",{id:"go-evidence",value:i,onChange:h=>o(h.currentTarget.value),children:[t("option",{value:"",children:"All evidence"}),l.map(h=>t("option",{value:h,children:h}))]})]})]}),t("div",{class:"scroll",children:t("table",{class:"go",children:[t("caption",{children:[a.length," of ",e.length," annotations"]}),t("thead",{children:t("tr",{children:[t("th",{scope:"col",children:"ID"}),t("th",{scope:"col",children:"Term"}),t("th",{scope:"col",children:"Category"}),t("th",{scope:"col",children:"Evidence"}),t("th",{scope:"col",children:"Source"})]})}),t("tbody",{children:a.map((h,c)=>t("tr",{children:[t("td",{children:t("a",{href:q(h.term.id),"data-app":!0,children:h.term.id})}),t("td",{children:[h.qualifier&&t("small",{class:"tag",children:h.qualifier})," ",h.term.name]}),t("td",{children:Ge(h.term.category)}),t("td",{children:h.evidence??"—"}),t("td",{children:h.source})]},`${h.term.id}-${h.evidence}-${h.source}-${c}`))})]})})]})}function et({gene:e}){const n=hn([e.id],e.species.taxonId,"ALL");return t("section",{"aria-labelledby":"go-slim",children:[t("h2",{id:"go-slim",children:"GO slim summary"}),t(ue,{loaded:n,children:r=>r?t(dn,{terms:r.terms,value:i=>i.annotatedTermCount,unit:"GO terms",caption:"The gene's GO terms at or below each term of the first level of GO."}):t("p",{children:"The loaded ontology has no terms below its roots."})})]})}function nt({gene:e}){return e.xrefs.length===0?null:t("section",{"aria-labelledby":"links",children:[t("h2",{id:"links",children:"Links to other resources"}),t("ul",{class:"links",children:e.xrefs.map(n=>t("li",{children:n.url?t("a",{href:n.url,rel:"noopener noreferrer",children:[n.database,": ",n.id]}):`${n.database}: ${n.id}`},`${n.database}:${n.id}`))})]})}function tt({gene:e}){const{discontinuedGenes:n,annotationChanges:r}=e.history,i=e.changes.length+n.length+r.length===0;return t("section",{"aria-labelledby":"changes",children:[t("h2",{id:"changes",children:"Changes associated with this gene"}),i&&t("p",{children:"None recorded."}),t("ul",{class:"changes",children:[e.changes.map((o,l)=>t("li",{children:[o.description," ",t("small",{children:["(",o.source,")"]})]},`page-${l}`)),n.map(o=>t("li",{children:[o.id," (",o.symbol,") was discontinued on ",o.discontinuedOn," and merged into this gene"]},o.id)),r.map(o=>t("li",{children:["Release ",o.release.number," (",o.release.loadedAt.slice(0,10),"): added"," ",o.added.length,", removed ",o.removed.length," annotations",o.removed.length>0&&t(k,{children:[" (removed: ",o.removed.map(l=>`${l.termId} ${l.evidence??""}`).join(", "),")"]})]},`release-${o.release.number}`))]})]})}const rt=new Set(["gene-info","gene2go","gaf"]);function ot(){const e=Le(Rn,{});if(e.state!=="done")return null;const n=e.data.currentRelease;if(!n)return t("p",{class:"release-note",children:"No data loaded yet."});const r=!n.sources.some(i=>rt.has(i.format));return t("aside",{class:"release-note","aria-label":"Data served",children:[t("p",{children:["Serving release ",n.number,", loaded ",n.loadedAt.slice(0,10),"."]}),r&&t("p",{children:["This database holds only the IL2 seed page. For real data (the Gene Ontology and NCBI Gene), run ",t("code",{children:"genegraph update --species human,mouse,rat"})," on the server."]})]})}const it={SYMBOL:"symbol",SYMBOL_PREFIX:"symbol",ALIAS:"alias",NAME:"name",SUMMARY:"summary"};function Ke(e,n,r){const[i,o]=$(null),[l,d]=$(null);return C(()=>{const a=e.trim();if(!a){o(null);return}const h=new AbortController,c=setTimeout(()=>{A(An,{query:a,taxon:n,first:r},h.signal).then(_=>{d(null),o({query:a,nodes:_.search.nodes,total:_.search.totalCount})},_=>{h.signal.aborted||d(String(_))})},120);return()=>{clearTimeout(c),h.abort()}},[e,n,r]),{hits:i,error:l}}function lt({query:e,taxon:n}){const[r,i]=$(e),[o,l]=$(n),[d,a]=$(!1),h=Ce(),[c,_]=$(-1),y=Sn(null),s=Ke(r,o,10),u=Ke(e,n,50);C(()=>y.current?.focus(),[]),C(()=>i(e),[e]);const m=d&&r.trim()?s.hits?.nodes??[]:[],f=p=>{a(!1);const g=new URLSearchParams({q:p});o&&g.set("taxon",String(o)),ie(`/?${g}`)},b=p=>{p.key==="ArrowDown"&&m.length?(p.preventDefault(),a(!0),_((c+1)%m.length)):p.key==="ArrowUp"&&m.length?(p.preventDefault(),_((c-1+m.length)%m.length)):p.key==="Escape"?(a(!1),_(-1)):p.key==="Enter"&&c>=0&&m[c]&&(p.preventDefault(),ie(U(m[c].gene.id)))};return t("section",{children:[t("h1",{tabIndex:-1,children:"Find a gene"}),t("form",{class:"search",role:"search",onSubmit:p=>{p.preventDefault(),f(r)},children:[t("div",{class:"field grow combo",children:[t("label",{for:"q",children:"Symbol, alias or name"}),t("input",{id:"q",ref:y,type:"search",autocomplete:"off",spellcheck:!1,placeholder:"IL2, TCGF, interleukin…",role:"combobox","aria-autocomplete":"list","aria-expanded":m.length>0,"aria-controls":"suggestions","aria-activedescendant":c>=0?`suggestion-${c}`:void 0,value:r,onInput:p=>{i(p.currentTarget.value),a(!0),_(-1)},onKeyDown:b,onBlur:()=>setTimeout(()=>a(!1),150)}),t("ul",{id:"suggestions",role:"listbox","aria-label":"Suggestions",hidden:!m.length,children:m.map((p,g)=>t("li",{id:`suggestion-${g}`,role:"option","aria-selected":g===c,onMouseDown:x=>{x.preventDefault(),ie(U(p.gene.id))},children:[t("strong",{children:p.gene.symbol})," ",t("span",{children:p.gene.name})," ",t("small",{children:[p.gene.species.scientificName,p.matchedText?` · alias ${p.matchedText}`:""]})]},p.gene.id))})]}),t("div",{class:"field",children:[t("label",{for:"species",children:"Species"}),t("select",{id:"species",value:o??"",onChange:p=>l(Number(p.currentTarget.value)||null),children:[t("option",{value:"",children:"All species"}),t(Ie,{species:h})]})]}),t("button",{type:"submit",children:"Search"})]}),s.error&&t("p",{role:"alert",class:"error",children:s.error}),!e&&t(ot,{}),e&&t("section",{"aria-labelledby":"results-heading",children:[t("h2",{id:"results-heading",children:u.hits?`${u.hits.total} genes match “${u.hits.query}”`:"Searching…"}),t("ul",{class:"results",children:u.hits?.nodes.map(p=>t("li",{children:[t("a",{href:U(p.gene.id),"data-app":!0,children:t("strong",{children:p.gene.symbol})})," ",p.gene.name," ",t("small",{children:V(p.gene.species)})," ",t("small",{class:"tag",children:["by ",it[p.matchedBy]]})]},p.gene.id))})]})]})}const st=new Set(["is_a","part_of"]),R=168,Z=44,W=16,ee=40;function at(e,n){var d;const r=new Map(e.map(a=>[a.id,[]]));for(const a of n)r.get(a.child)?.push(a.parent);const i=new Map,o=(a,h)=>{const c=i.get(a);if(c!==void 0)return c;if(h.has(a))return 0;h.add(a);const _=r.get(a)??[],y=_.length?1+Math.max(..._.map(s=>o(s,h))):0;return i.set(a,y),y},l=[];for(const a of e)(l[d=o(a.id,new Set)]??(l[d]=[])).push(a.id);return l.filter(Boolean)}function ct(e,n){return e.length>n?`${e.slice(0,n-1)}…`:e}function dt({term:e,ancestors:n}){const r=[...n,e],i=new Set(r.map(s=>s.id)),o=r.flatMap(s=>s.parents.filter(u=>st.has(u.relation)&&i.has(u.term.id)).map(u=>({child:s.id,parent:u.term.id,relation:u.relation}))),l=at(r,o),a=Math.max(...l.map(s=>s.length))*(R+W)+W,h=l.length*(Z+ee)+ee/2,c=new Map;l.forEach((s,u)=>{const m=(a-s.length*(R+W)+W)/2;s.forEach((f,b)=>c.set(f,{x:m+b*(R+W),y:ee/2+u*(Z+ee)}))});const _=new Map(r.map(s=>[s.id,s])),y=`${e.name} has ${n.length} ancestors over is_a and part_of`;return t("figure",{class:"graph",children:[t("div",{class:"scroll",children:t("svg",{role:"img","aria-label":y,viewBox:`0 0 ${a} ${h}`,width:a,height:h,children:[t("defs",{children:t("marker",{id:"arrow",viewBox:"0 0 10 10",refX:"10",refY:"5",markerWidth:"7",markerHeight:"7",orient:"auto",children:t("path",{d:"M0,0 L10,5 L0,10 z",class:"arrow"})})}),o.map(s=>{const u=c.get(s.child),m=c.get(s.parent);return t("line",{class:`edge ${s.relation}`,"data-relation":s.relation,x1:u.x+R/2,y1:u.y,x2:m.x+R/2,y2:m.y+Z,"marker-end":"url(#arrow)"},`${s.child}-${s.relation}-${s.parent}`)}),[...c].map(([s,{x:u,y:m}])=>{const f=_.get(s),b=s===e.id,p=t("g",{class:b?"node self":"node",children:[t("rect",{x:u,y:m,width:R,height:Z,rx:6}),t("text",{x:u+8,y:m+17,children:s}),t("text",{x:u+8,y:m+34,class:"name",children:ct(f.name,24)}),t("title",{children:`${s} ${f.name}`})]});return b?t("g",{children:p},s):t("a",{href:q(s),"data-app":!0,"aria-label":`${s} ${f.name}`,children:p},s)})]})}),t("figcaption",{children:[t("span",{class:"key is_a",children:"is_a"})," ",t("span",{class:"key part_of",children:"part_of"})," Arrows point from a term to its parent."]})]})}const ht=25;function ut({id:e}){const n=Le(Pn,{id:e.trim().toUpperCase()});return t(ue,{loaded:n,children:r=>r.goTerm?t(_t,{term:r.goTerm}):t("section",{children:[t("h1",{tabIndex:-1,children:["No term ",e]}),t("p",{children:"The ontology has no term with this id."})]})})}function Qe({id:e}){return t("a",{href:q(e),"data-app":!0,children:e})}function _t({term:e}){return t("article",{class:"term",children:[t("h1",{tabIndex:-1,children:[e.name," ",t("span",{class:"subtitle",children:e.id})]}),e.isObsolete&&t("p",{class:"notice",role:"note",children:["This term is obsolete.",e.replacedBy&&t(k,{children:[" ","Use ",t(Qe,{id:e.replacedBy})," instead."]}),e.consider.length>0&&t(k,{children:[" ","Consider"," ",e.consider.map((n,r)=>t(k,{children:[r>0&&", ",t(Qe,{id:n})]})),"."]})]}),t("dl",{class:"facts",children:[t("dt",{children:"Category"}),t("dd",{children:Ge(e.category)}),t("dt",{children:"Definition"}),t("dd",{children:e.definition??"None given."}),e.synonyms.length>0&&t(k,{children:[t("dt",{children:"Synonyms"}),t("dd",{children:t("ul",{class:"plain",children:e.synonyms.map(n=>t("li",{children:[n.text," ",t("small",{class:"tag",children:n.scope})]},n.text))})})]}),e.altIds.length>0&&t(k,{children:[t("dt",{children:"Secondary ids"}),t("dd",{children:e.altIds.join(", ")})]}),t("dt",{children:"Elsewhere"}),t("dd",{children:[t("a",{href:e.quickGoUrl,rel:"noopener noreferrer",children:"QuickGO"})," ","·"," ",t("a",{href:e.amigoUrl,rel:"noopener noreferrer",children:"AmiGO"})]})]}),t("section",{"aria-labelledby":"ancestors",children:[t("h2",{id:"ancestors",children:"Ancestors"}),e.ancestors.length===0?t("p",{children:"None: the ontology has no term above this one."}):t(dt,{term:e,ancestors:e.ancestors})]}),t(mt,{id:e.id})]})}function mt({id:e}){const[n,r]=$(null),[i,o]=$([]),[l,d]=$(null),[a,h]=$(null),[c,_]=$(null),[y,s]=$(!1),u=Ce(),m=async(f,b,p)=>{s(!0);try{const x=(await A(En,{id:e,taxon:n,first:ht,after:f},p)).goTerm?.genes;if(!x)return;o(O=>b?x.nodes:[...O,...x.nodes]),d(x.totalCount),h(x.pageInfo.hasNextPage?x.pageInfo.endCursor??null:null),_(null)}catch(g){p?.aborted||_(String(g))}finally{s(!1)}};return C(()=>{const f=new AbortController;return m(null,!0,f.signal),()=>f.abort()},[e,n]),t("section",{"aria-labelledby":"genes",children:[t("h2",{id:"genes",children:"Genes annotated to this term or below it"}),t("div",{class:"filters",children:t("div",{class:"field",children:[t("label",{for:"term-species",children:"Species"}),t("select",{id:"term-species",value:n??"",onChange:f=>r(Number(f.currentTarget.value)||null),children:[t("option",{value:"",children:"All species"}),t(Ie,{species:u})]})]})}),c&&t("p",{role:"alert",class:"error",children:c}),t("p",{role:"status",children:l===null?"Loading…":`Showing ${i.length} of ${l} genes`}),t("ul",{class:"results",children:i.map(f=>t("li",{children:[t("a",{href:U(f.id),"data-app":!0,children:t("strong",{children:f.symbol})})," ",f.name," ",t("small",{children:V(f.species)})]},f.id))}),a&&t("button",{type:"button",disabled:y,onClick:()=>{m(a,!1)},children:"More genes"})]})}function pt({route:e}){switch(e.page){case"search":return t(lt,{query:e.query,taxon:e.taxon});case"gene":return t(Xn,{id:e.id,taxon:e.taxon});case"term":return t(ut,{id:e.id});case"enrichment":return t(zn,{});case"missing":return t("section",{children:[t("h1",{children:"Not found"}),t("p",{children:["There is no page at ",e.path,"."]})]})}}function ft(){const e=Nn();return C(()=>{const n=document.querySelector("main h1");n&&e.page!=="search"&&n.focus({preventScroll:!0})},[e]),t(k,{children:[t("a",{class:"skip",href:"#main",children:"Skip to content"}),t("header",{class:"bar",children:[t("a",{class:"brand",href:"/","data-app":!0,children:"genegraph"}),t("nav",{"aria-label":"Main",children:[t("a",{href:"/","data-app":!0,"aria-current":e.page==="search"?"page":void 0,children:"Search"}),t("a",{href:"/enrichment","data-app":!0,"aria-current":e.page==="enrichment"?"page":void 0,children:"Enrichment"}),t("a",{href:"/graphql",children:"GraphiQL"})]})]}),t("main",{id:"main",children:t(pt,{route:e})})]})}Tn();vn(t(ft,{}),document.getElementById("app"));

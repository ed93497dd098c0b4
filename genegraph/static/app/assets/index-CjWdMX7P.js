(function(){const n=document.createElement("link").relList;if(n&&n.supports&&n.supports("modulepreload"))return;for(const i of document.querySelectorAll('link[rel="modulepreload"]'))o(i);new MutationObserver(i=>{for(const l of i)if(l.type==="childList")for(const h of l.addedNodes)h.tagName==="LINK"&&h.rel==="modulepreload"&&o(h)}).observe(document,{childList:!0,subtree:!0});function r(i){const l={};return i.integrity&&(l.integrity=i.integrity),i.referrerPolicy&&(l.referrerPolicy=i.referrerPolicy),i.crossOrigin==="use-credentials"?l.credentials="include":i.crossOrigin==="anonymous"?l.credentials="omit":l.credentials="same-origin",l}function o(i){if(i.ep)return;i.ep=!0;const l=r(i);fetch(i.href,l)}})();var se,v,qe,I,ke,Be,Fe,he,Y,B,je,ge,pe,fe,te={},re=[],tn=/acit|ex(?:s|g|n|p|$)|rph|grid|ows|mnc|ntw|ine[ch]|zoo|^ord|itera/i,ae=Array.isArray;function C(e,n){for(var r in n)e[r]=n[r];return e}function ye(e){e&&e.parentNode&&e.parentNode.removeChild(e)}function rn(e,n,r){var o,i,l,h={};for(l in n)l=="key"?o=n[l]:l=="ref"?i=n[l]:h[l]=n[l];if(arguments.length>2&&(h.children=arguments.length>3?se.call(arguments,2):r),typeof e=="function"&&e.defaultProps!=null)for(l in e.defaultProps)h[l]===void 0&&(h[l]=e.defaultProps[l]);return J(e,h,o,i,null)}function J(e,n,r,o,i){var l={type:e,props:n,key:r,ref:o,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:i??++qe,__i:-1,__u:0};return i==null&&v.vnode!=null&&v.vnode(l),l}function S(e){return e.children}function Z(e,n){this.props=e,this.context=n}function L(e,n){if(n==null)return e.__?L(e.__,e.__i+1):null;for(var r;n<e.__k.length;n++)if((r=e.__k[n])!=null&&r.__e!=null)return r.__e;return typeof e.type=="function"?L(e):null}function on(e){if(e.__P&&e.__d){var n=e.__v,r=n.__e,o=[],i=[],l=C({},n);l.__v=n.__v+1,v.vnode&&v.vnode(l),ve(e.__P,l,n,e.__n,e.__P.namespaceURI,32&n.__u?[r]:null,o,r??L(n),!!(32&n.__u),i),l.__v=n.__v,l.__.__k[l.__i]=l,Ve(o,l,i),n.__e=n.__=null,l.__e!=r&&We(l)}}function We(e){if((e=e.__)!=null&&e.__c!=null)return e.__e=e.__c.base=null,e.__k.some(function(n){if(n!=null&&n.__e!=null)return e.__e=e.__c.base=n.__e}),We(e)}function Ne(e){(!e.__d&&(e.__d=!0)&&I.push(e)&&!oe.__r++||ke!=v.debounceRendering)&&((ke=v.debounceRendering)||Be)(oe)}function oe(){try{for(var e,n=1;I.length;)I.length>n&&I.sort(Fe),e=I.shift(),n=I.length,on(e)}finally{I.length=oe.__r=0}}function ze(e,n,r,o,i,l,h,a,d,c,u){var g,s,_,f,b,p,y=o&&o.__k||re,m=n.length;for(d=ln(r,n,y,d,m),g=0;g<m;g++)(_=r.__k[g])!=null&&(s=_.__i!=-1&&y[_.__i]||te,_.__i=g,p=ve(e,_,s,i,l,h,a,d,c,u),f=_.__e,_.ref&&s.ref!=_.ref&&(s.ref&&be(s.ref,null,_),u.push(_.ref,_.__c||f,_)),b==null&&f!=null&&(b=f),4&_.__u?(d=Ke(_,d,e),s.__e&&(s.__e=null)):typeof _.type=="function"&&p!==void 0?d=p:f&&(d=f.nextSibling),_.__u&=-7);return r.__e=b,d}function ln(e,n,r,o,i){var l,h,a,d,c,u=r.length,g=u,s=0;for(e.__k=new Array(i),l=0;l<i;l++)(h=n[l])!=null&&typeof h!="boolean"&&typeof h!="function"?(typeof h=="string"||typeof h=="number"||typeof h=="bigint"||h.constructor==String?h=e.__k[l]=J(null,h,null,null,null):ae(h)?h=e.__k[l]=J(S,{children:h},null,null,null):h.constructor===void 0&&h.__b>0?h=e.__k[l]=J(h.type,h.props,h.key,h.ref?h.ref:null,h.__v):e.__k[l]=h,d=l+s,h.__=e,h.__b=e.__b+1,a=null,(c=h.__i=sn(h,r,d,g))!=-1&&(g--,(a=r[c])&&(a.__u|=2)),a==null||a.__v==null?(c==-1&&(i>u?s--:i<u&&s++),typeof h.type!="function"&&(h.__u|=4)):c!=d&&(c==d-1?s--:c==d+1?s++:(c>d?s--:s++,h.__u|=4))):e.__k[l]=null;if(g)for(l=0;l<u;l++)(a=r[l])!=null&&(2&a.__u)==0&&(a.__e==o&&(o=L(a)),Ye(a,a));return o}function Ke(e,n,r){var o,i;if(typeof e.type=="function"){for(o=e.__k,i=0;o&&i<o.length;i++)o[i]&&(o[i].__=e,n=Ke(o[i],n,r));return n}e.__e!=n&&(n&&e.type&&!n.parentNode&&(n=L(e)),n=r.insertBefore(e.__e,n||null));do n=n&&n.nextSibling;while(n!=null&&n.nodeType==8);return n}function sn(e,n,r,o){var i,l,h,a=e.key,d=e.type,c=n[r],u=c!=null&&(2&c.__u)==0;if(c===null&&a==null||u&&a==c.key&&d==c.type)return r;if(o>(u?1:0)){for(i=r-1,l=r+1;i>=0||l<n.length;)if((c=n[h=i>=0?i--:l++])!=null&&(2&c.__u)==0&&a==c.key&&d==c.type)return h}return-1}function Te(e,n,r){n[0]=="-"?e.setProperty(n,r??""):e[n]=r==null?"":typeof r!="number"||tn.test(n)?r:r+"px"}function Q(e,n,r,o,i){var l,h;e:if(n=="style")if(typeof r=="string")e.style.cssText=r;else{if(typeof o=="string"&&(e.style.cssText=o=""),o)for(n in o)r&&n in r||Te(e.style,n,"");if(r)for(n in r)o&&r[n]==o[n]||Te(e.style,n,r[n])}else if(n[0]=="o"&&n[1]=="n")l=n!=(n=n.replace(je,"$1")),h=n.toLowerCase(),n=h in e||n=="onFocusOut"||n=="onFocusIn"?h.slice(2):n.slice(2),e.l||(e.l={}),e.l[n+l]=r,r?o?r[B]=o[B]:(r[B]=ge,e.addEventListener(n,l?fe:pe,l)):e.removeEventListener(n,l?fe:pe,l);else{if(i=="http://www.w3.org/2000/svg")n=n.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(n!="width"&&n!="height"&&n!="href"&&n!="list"&&n!="form"&&n!="tabIndex"&&n!="download"&&n!="rowSpan"&&n!="colSpan"&&n!="role"&&n!="popover"&&n in e)try{e[n]=r??"";break e}catch{}typeof r=="function"||(r==null||r===!1&&n[4]!="-"?e.removeAttribute(n):e.setAttribute(n,n=="popover"&&r==1?"":r))}}function Ce(e){return function(n){if(this.l){var r=this.l[n.type+e];if(n[Y]==null)n[Y]=ge++;else if(n[Y]<r[B])return;return r(v.event?v.event(n):n)}}}function ve(e,n,r,o,i,l,h,a,d,c){var u,g,s,_,f,b,p,y,m,k,M,A,H,Se,K,de,N=n.type;if(n.constructor!==void 0)return null;128&r.__u&&(d=!!(32&r.__u),l=[a=n.__e=r.__e]),(u=v.__b)&&u(n);e:if(typeof N=="function"){g=h.length;try{if(m=n.props,k=N.prototype&&N.prototype.render,M=(u=N.contextType)&&o[u.__c],A=u?M?M.props.value:u.__:o,r.__c?y=(s=n.__c=r.__c).__=s.__E:(k?n.__c=s=new N(m,A):(n.__c=s=new Z(m,A),s.constructor=N,s.render=cn),M&&M.sub(s),s.state||(s.state={}),s.__n=o,_=s.__d=!0,s.__h=[],s._sb=[]),k&&s.__s==null&&(s.__s=s.state),k&&N.getDerivedStateFromProps!=null&&(s.__s==s.state&&(s.__s=C({},s.__s)),C(s.__s,N.getDerivedStateFromProps(m,s.__s))),f=s.props,b=s.state,s.__v=n,_)k&&N.getDerivedStateFromProps==null&&s.componentWillMount!=null&&s.componentWillMount(),k&&s.componentDidMount!=null&&s.__h.push(s.componentDidMount);else{if(k&&N.getDerivedStateFromProps==null&&m!==f&&s.componentWillReceiveProps!=null&&s.componentWillReceiveProps(m,A),n.__v==r.__v||!s.__e&&s.shouldComponentUpdate!=null&&s.shouldComponentUpdate(m,s.__s,A)===!1){n.__v!=r.__v&&(s.props=m,s.state=s.__s,s.__d=!1),n.__e=r.__e,n.__k=r.__k,n.__k.some(function(G){G&&(G.__=n)}),re.push.apply(s.__h,s._sb),s._sb=[],s.__h.length&&h.push(s),a=L(r);break e}s.componentWillUpdate!=null&&s.componentWillUpdate(m,s.__s,A),k&&s.componentDidUpdate!=null&&s.__h.push(function(){s.componentDidUpdate(f,b,p)})}if(s.context=A,s.props=m,s.__P=e,s.__e=!1,H=v.__r,Se=0,k)s.state=s.__s,s.__d=!1,H&&H(n),u=s.render(s.props,s.state,s.context),re.push.apply(s.__h,s._sb),s._sb=[];else do s.__d=!1,H&&H(n),u=s.render(s.props,s.state,s.context),s.state=s.__s;while(s.__d&&++Se<25);s.state=s.__s,s.getChildContext!=null&&(o=C(C({},o),s.getChildContext())),k&&!_&&s.getSnapshotBeforeUpdate!=null&&(p=s.getSnapshotBeforeUpdate(f,b)),K=u!=null&&u.type===S&&u.key==null?Xe(u.props.children):u,a=ze(e,ae(K)?K:[K],n,r,o,i,l,h,a,d,c),s.base=n.__e,n.__u&=-161,s.__h.length&&h.push(s),y&&(s.__E=s.__=null)}catch(G){if(h.length=g,n.__v=null,d||l!=null){if(G.then){for(n.__u|=d?160:128;a&&a.nodeType==8&&a.nextSibling;)a=a.nextSibling;l!=null&&(l[l.indexOf(a)]=null),n.__e=a}else if(l!=null)for(de=l.length;de--;)ye(l[de])}else n.__e=r.__e;n.__k==null&&(n.__k=r.__k||[]),G.then||Qe(n),v.__e(G,n,r)}}else l==null&&n.__v==r.__v?(n.__k=r.__k,n.__e=r.__e):a=n.__e=an(r.__e,n,r,o,i,l,h,d,c);return(u=v.diffed)&&u(n),128&n.__u?void 0:a}function Qe(e){e&&(e.__c&&(e.__c.__e=!0),e.__k&&e.__k.some(Qe))}function Ve(e,n,r){for(var o=0;o<r.length;o++)be(r[o],r[++o],r[++o]);v.__c&&v.__c(n,e),e.some(function(i){try{e=i.__h,i.__h=[],e.some(function(l){l.call(i)})}catch(l){v.__e(l,i.__v)}})}function Xe(e){return typeof e!="object"||e==null||e.__b>0?e:ae(e)?e.map(Xe):e.constructor!==void 0?null:C({},e)}function an(e,n,r,o,i,l,h,a,d){var c,u,g,s,_,f,b,p=r.props||te,y=n.props,m=n.type;if(m=="svg"?i="http://www.w3.org/2000/svg":m=="math"?i="http://www.w3.org/1998/Math/MathML":i||(i="http://www.w3.org/1999/xhtml"),l!=null){for(c=0;c<l.length;c++)if((_=l[c])&&"setAttribute"in _==!!m&&(m?_.localName==m:_.nodeType==3)){e=_,l[c]=null;break}}if(e==null){if(m==null)return document.createTextNode(y);e=document.createElementNS(i,m,y.is&&y),a&&(v.__m&&v.__m(n,l),a=!1),l=null}if(m==null)p===y||a&&e.data==y||(e.data=y);else{if(l=m=="textarea"&&y.defaultValue!=null?null:l&&se.call(e.childNodes),!a&&l!=null)for(p={},c=0;c<e.attributes.length;c++)p[(_=e.attributes[c]).name]=_.value;for(c in p)_=p[c],c=="dangerouslySetInnerHTML"?g=_:c=="children"||c in y||c=="value"&&"defaultValue"in y||c=="checked"&&"defaultChecked"in y||Q(e,c,null,_,i);for(c in y)_=y[c],c=="children"?s=_:c=="dangerouslySetInnerHTML"?u=_:c=="value"?f=_:c=="checked"?b=_:a&&typeof _!="function"||p[c]===_||Q(e,c,_,p[c],i);if(u)a||g&&(u.__html==g.__html||u.__html==e.innerHTML)||(e.innerHTML=u.__html),n.__k=[];else if(g&&(e.innerHTML=""),ze(n.type=="template"?e.content:e,ae(s)?s:[s],n,r,o,m=="foreignObject"?"http://www.w3.org/1999/xhtml":i,l,h,l?l[0]:r.__k&&L(r,0),a,d),l!=null)for(c=l.length;c--;)ye(l[c]);a&&m!="textarea"||(c="value",m=="progress"&&f==null?e.removeAttribute("value"):f!=null&&(f!==e[c]||m=="progress"&&!f||m=="option"&&f!=p[c])&&Q(e,c,f,p[c],i),c="checked",b!=null&&b!=e[c]&&Q(e,c,b,p[c],i))}return e}function be(e,n,r){try{if(typeof e=="function"){var o=typeof e.__u=="function";o&&e.__u(),o&&n==null||(e.__u=e(n))}else e.current=n}catch(i){v.__e(i,r)}}function Ye(e,n,r){var o,i;if(v.unmount&&v.unmount(e),(o=e.ref)&&(o.current&&o.current!=e.__e||be(o,null,n)),(o=e.__c)!=null){if(o.componentWillUnmount)try{o.componentWillUnmount()}catch(l){v.__e(l,n)}o.base=o.__P=o.__n=null}if(o=e.__k)for(i=0;i<o.length;i++)o[i]&&Ye(o[i],n,r||typeof e.type!="function");r||ye(e.__e),e.__c=e.__=e.__e=void 0}function cn(e,n,r){return this.constructor(e,r)}function dn(e,n,r){var o,i,l,h;n==document&&(n=document.documentElement),v.__&&v.__(e,n),i=(o=!1)?null:n.__k,l=[],h=[],ve(n,e=n.__k=rn(S,null,[e]),i||te,te,n.namespaceURI,i?null:n.firstChild?se.call(n.childNodes):null,l,i?i.__e:n.firstChild,o,h),Ve(l,e,h),e.props.children=null}se=re.slice,v={__e:function(e,n,r,o){for(var i,l,h;n=n.__;)if((i=n.__c)&&!i.__)try{if((l=i.constructor)&&l.getDerivedStateFromError!=null&&(i.setState(l.getDerivedStateFromError(e)),h=i.__d),i.componentDidCatch!=null&&(i.componentDidCatch(e,o||{}),h=i.__d),h)return i.__E=i}catch(a){e=a}throw e}},qe=0,Z.prototype.setState=function(e,n){var r;r=this.__s!=null&&this.__s!=this.state?this.__s:this.__s=C({},this.state),typeof e=="function"&&(e=e(C({},r),this.props)),e&&C(r,e),e!=null&&this.__v&&(n&&this._sb.push(n),Ne(this))},Z.prototype.forceUpdate=function(e){this.__v&&(this.__e=!0,e&&this.__h.push(e),Ne(this))},Z.prototype.render=S,I=[],Be=typeof Promise=="function"?Promise.prototype.then.bind(Promise.resolve()):setTimeout,Fe=function(e,n){return e.__v.__b-n.__v.__b},oe.__r=0,he=Math.random().toString(8),Y="__d"+he,B="__a"+he,je=/(PointerCapture)$|Capture$/i,ge=0,pe=Ce(!1),fe=Ce(!0);var hn=0;function t(e,n,r,o,i,l){n||(n={});var h,a,d=n;if("ref"in d)for(a in d={},n)a=="ref"?h=n[a]:d[a]=n[a];var c={type:e,props:d,key:r,ref:h,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:--hn,__i:-1,__u:0,__source:i,__self:l};if(typeof e=="function"&&(h=e.defaultProps))for(a in h)d[a]===void 0&&(d[a]=h[a]);return v.vnode&&v.vnode(c),c}var j,$,_e,Ie,ie=0,Je=[],x=v,Pe=x.__b,Ae=x.__r,Le=x.diffed,Ee=x.__c,Ge=x.unmount,De=x.__;function we(e,n){x.__h&&x.__h($,e,ie||n),ie=0;var r=$.__H||($.__H={__:[],__h:[]});return e>=r.__.length&&r.__.push({}),r.__[e]}function w(e){return ie=1,_n(en,e)}function _n(e,n,r){var o=we(j++,2);if(o.t=e,!o.__c&&(o.__=[en(void 0,n),function(a){var d=o.__N?o.__N[0]:o.__[0],c=o.t(d,a);d!==c&&(o.__N=[c,o.__[1]],o.__c.setState({}))}],o.__c=$,!$.__f)){var i=function(a,d,c){if(!o.__c.__H)return!0;var u=!1,g=o.__c.props!==a;if(o.__c.__H.__.some(function(_){if(_.__N){u=!0;var f=_.__[0];_.__=_.__N,_.__N=void 0,f!==_.__[0]&&(g=!0)}}),l){var s=l.call(this,a,d,c);return u?s||g:s}return!u||g};$.__f=!0;var l=$.shouldComponentUpdate,h=$.componentWillUpdate;$.componentWillUpdate=function(a,d,c){if(this.__e){var u=l;l=void 0,i(a,d,c),l=u}h&&h.call(this,a,d,c)},$.shouldComponentUpdate=i}return o.__N||o.__}function E(e,n){var r=we(j++,3);!x.__s&&Ze(r.__H,n)&&(r.__=e,r.u=n,$.__H.__h.push(r))}function un(e){return ie=5,pn(function(){return{current:e}},[])}function pn(e,n){var r=we(j++,7);return Ze(r.__H,n)&&(r.__=e(),r.__H=n,r.__h=e),r.__}function fn(){for(var e;e=Je.shift();){var n=e.__H;if(e.__P&&n)try{n.__h.some(ee),n.__h.some(me),n.__h=[]}catch(r){n.__h=[],x.__e(r,e.__v)}}}x.__b=function(e){$=null,Pe&&Pe(e)},x.__=function(e,n){e&&n.__k&&n.__k.__m&&(e.__m=n.__k.__m),De&&De(e,n)},x.__r=function(e){Ae&&Ae(e),j=0;var n=($=e.__c).__H;n&&(_e===$?(n.__h=[],$.__h=[],n.__.some(function(r){r.__N&&(r.__=r.__N),r.u=r.__N=void 0})):(n.__h.some(ee),n.__h.some(me),n.__h=[],j=0)),_e=$},x.diffed=function(e){Le&&Le(e);var n=e.__c;n&&n.__H&&(n.__H.__h.length&&(Je.push(n)!==1&&Ie===x.requestAnimationFrame||((Ie=x.requestAnimationFrame)||mn)(fn)),n.__H.__.some(function(r){r.u&&(r.__H=r.u,r.u=void 0)})),_e=$=null},x.__c=function(e,n){n.some(function(r){try{r.__h.some(ee),r.__h=r.__h.filter(function(o){return!o.__||me(o)})}catch(o){n.some(function(i){i.__h&&(i.__h=[])}),n=[],x.__e(o,r.__v)}}),Ee&&Ee(e,n)},x.unmount=function(e){Ge&&Ge(e);var n,r=e.__c;r&&r.__H&&(r.__H.__.some(function(o){try{ee(o)}catch(i){n=i}}),r.__H=void 0,n&&x.__e(n,r.__v))};var Oe=typeof requestAnimationFrame=="function";function mn(e){var n,r=function(){clearTimeout(o),Oe&&cancelAnimationFrame(n),setTimeout(e)},o=setTimeout(r,35);Oe&&(n=requestAnimationFrame(r))}function ee(e){var n=$,r=e.__c;typeof r=="function"&&(e.__c=void 0,r()),$=n}function me(e){var n=$;e.__c=e.__(),$=n}function Ze(e,n){return!e||e.length!==n.length||n.some(function(r,o){return r!==e[o]})}function en(e,n){return typeof n=="function"?n(e):n}class ue extends Error{}async function W(e,n,r){const o=await fetch("/graphql",{method:"POST",headers:{"content-type":"application/json",accept:"application/graphql-response+json, application/json"},body:JSON.stringify({query:e.toString(),variables:n}),signal:r});let i;try{i=await o.json()}catch{throw new ue(`The server answered ${o.status} without GraphQL.`)}if(i.errors?.length)throw new ue(i.errors.map(l=>l.message).join("; "));if(!i.data)throw new ue(`The server answered ${o.status}.`);return i.data}function Re(e){const n=e.pathname,r=new URLSearchParams(e.search),o=i=>decodeURIComponent(n.slice(i.length));if(n.startsWith("/gene/"))return{page:"gene",id:o("/gene/")};if(n.startsWith("/term/"))return{page:"term",id:o("/term/")};if(n==="/enrichment")return{page:"enrichment"};if(n==="/"||n==="/search"){const i=Number(r.get("taxon"));return{page:"search",query:r.get("q")??"",taxon:i||null}}return{page:"missing",path:n}}const R=e=>`/gene/${encodeURIComponent(e)}`,z=e=>`/term/${encodeURIComponent(e)}`;function ne(e,n=!1){n?history.replaceState(null,"",e):history.pushState(null,"",e),dispatchEvent(new PopStateEvent("popstate")),n||scrollTo(0,0)}function gn(){const[e,n]=w(()=>Re(location));return E(()=>{const r=()=>n(Re(location));return addEventListener("popstate",r),()=>removeEventListener("popstate",r)},[]),e}function yn(){document.addEventListener("click",e=>{if(e.defaultPrevented||e.button!==0||e.metaKey||e.ctrlKey||e.shiftKey||e.altKey)return;const n=e.target.closest?.("a");if(!n||n.target||n.hasAttribute("download"))return;const r=new URL(n.href,location.href);r.origin!==location.origin||!n.hasAttribute("data-app")||(e.preventDefault(),ne(r.pathname+r.search))})}const D=22,T=230,U=300,vn=1e-300;function bn(e,n){return e.length>n?`${e.slice(0,n-1)}…`:e}function wn({terms:e}){const n=e.slice(0,20),r=a=>-Math.log10(Math.max(a,vn)),o=r(.05),i=Math.max(o*1.2,...n.map(a=>r(a.fdr))),l=a=>T+a/i*U,h=n.length*D+34;return t("figure",{class:"plot",children:t("div",{class:"scroll",children:t("svg",{role:"img","aria-label":`−log10 FDR of the ${n.length} most enriched terms`,viewBox:`0 0 ${T+U+60} ${h}`,width:T+U+60,height:h,children:[n.map((a,d)=>{const c=d*D+4,u=r(a.fdr);return t("a",{href:z(a.term.id),"data-app":!0,children:[t("text",{x:T-6,y:c+14,"text-anchor":"end",class:"label",children:bn(a.term.name,34)}),t("rect",{class:a.fdr<.05?"bar significant":"bar",x:T,y:c+2,width:Math.max(1,l(u)-T),height:D-6}),t("text",{x:l(u)+4,y:c+14,class:"value",children:u.toFixed(2)}),t("title",{children:`${a.term.id} ${a.term.name}: FDR ${a.fdr.toPrecision(3)}`})]},a.term.id)}),t("line",{class:"threshold",x1:l(o),x2:l(o),y1:0,y2:n.length*D+6}),t("line",{class:"axis",x1:T,x2:T+U,y1:n.length*D+6,y2:n.length*D+6}),t("text",{x:T+U/2,y:h-4,"text-anchor":"middle",class:"axis-label",children:"−log10 FDR (dashed: FDR 0.05)"})]})})})}class P extends String{constructor(n,r){super(n),this.value=n,this.__meta__=r}toString(){return this.value}}new P(`
    fragment SpeciesName on Species {
  taxonId
  scientificName
  commonName
}
    `,{fragmentName:"SpeciesName"});const $n=new P(`
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
}`),xn=new P(`
    query GenePage($id: ID!) {
  gene(id: $id) {
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
}`),Sn=new P(`
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
    `),kn=new P(`
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
}`),Nn=new P(`
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
    `),Tn=new P(`
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
    `),Cn=new P(`
    query Home {
  currentRelease {
    number
    loadedAt
    sources {
      format
    }
  }
}
    `),le=[{taxon:9606,label:"Human (Homo sapiens)"},{taxon:10090,label:"Mouse (Mus musculus)"},{taxon:10116,label:"Rat (Rattus norvegicus)"}],F=[{value:"BIOLOGICAL_PROCESS",label:"biological_process"},{value:"MOLECULAR_FUNCTION",label:"molecular_function"},{value:"CELLULAR_COMPONENT",label:"cellular_component"}],$e=e=>F.find(n=>n.value===e)?.label??e;function ce(e){return e.commonName?`${e.scientificName} (${e.commonName})`:e.scientificName}function In(e){const n=[...new Set(e.split(/[\s,;]+/).filter(Boolean))];return{ids:n.filter(r=>r.includes(":")),symbols:n.filter(r=>!r.includes(":"))}}async function Pn(e,n,r){const{ids:o,symbols:i}=In(e);if(o.length+i.length===0)throw new Error("Paste at least one gene.");const l=await W(Nn,{ids:o,symbols:i,taxon:n}),h=l.genes.filter(c=>!c.gene).map(c=>`${c.input} (${c.problem})`),a=[...new Set(l.genes.flatMap(c=>c.gene?[c.gene.id]:[]))];if(a.length===0)throw new Error(`No gene matched: ${h.join(", ")}`);return{result:(await W(Tn,{genes:a,taxon:n,category:r||null})).enrichment,unmatched:h}}const Me=e=>e===0?"0":e.toPrecision(3);function An(){const[e,n]=w(""),[r,o]=w(le[0].taxon),[i,l]=w("BIOLOGICAL_PROCESS"),[h,a]=w(null),[d,c]=w(null),[u,g]=w(!1);return t("section",{children:[t("h1",{tabIndex:-1,children:"GO enrichment"}),t("p",{children:"Paste gene symbols, aliases or ids (NCBIGene:3558): the GO terms over-represented among them, against every annotated gene of the species."}),t("form",{class:"enrichment",onSubmit:async _=>{_.preventDefault(),g(!0),c(null);try{a(await Pn(e,r,i))}catch(f){a(null),c(f instanceof Error?f.message:String(f))}finally{g(!1)}},children:[t("div",{class:"field grow",children:[t("label",{for:"gene-list",children:"Genes, one per line or separated by commas"}),t("textarea",{id:"gene-list",rows:6,spellcheck:!1,value:e,onInput:_=>n(_.currentTarget.value)})]}),t("div",{class:"field",children:[t("label",{for:"enrichment-species",children:"Species"}),t("select",{id:"enrichment-species",value:r,onChange:_=>o(Number(_.currentTarget.value)),children:le.map(_=>t("option",{value:_.taxon,children:_.label}))})]}),t("div",{class:"field",children:[t("label",{for:"enrichment-category",children:"Category"}),t("select",{id:"enrichment-category",value:i,onChange:_=>l(_.currentTarget.value),children:[t("option",{value:"",children:"All categories"}),F.map(_=>t("option",{value:_.value,children:_.label}))]})]}),t("button",{type:"submit",disabled:u,children:u?"Running…":"Run enrichment"})]}),d&&t("p",{role:"alert",class:"error",children:d}),h&&t(Ln,{outcome:h})]})}function Ln({outcome:{result:e,unmatched:n}}){const r=[...n,...e.unknownGenes,...e.otherTaxonGenes.map(o=>`${o.symbol} (another species)`),...e.unannotatedGenes.map(o=>`${o.symbol} (not in the background)`)];return t("section",{"aria-labelledby":"enrichment-result",class:"enrichment-result",children:[t("h2",{id:"enrichment-result",children:[e.terms.length," terms with study genes, of ",e.testedTerms," tested"]}),t("p",{role:"status",children:[e.studySize," study genes counted against a background of ",e.backgroundSize,"."]}),r.length>0&&t("p",{class:"notice",children:["Not counted: ",r.join(", "),"."]}),e.terms.length>0&&t(wn,{terms:e.terms}),t("div",{class:"scroll",children:t("table",{class:"enriched",children:[t("thead",{children:t("tr",{children:[t("th",{scope:"col",children:"Term"}),t("th",{scope:"col",children:"Category"}),t("th",{scope:"col",children:"Study"}),t("th",{scope:"col",children:"Background"}),t("th",{scope:"col",children:"Fold"}),t("th",{scope:"col",children:"p-value"}),t("th",{scope:"col",children:"FDR"}),t("th",{scope:"col",children:"Genes"})]})}),t("tbody",{children:e.terms.map(o=>t("tr",{children:[t("td",{children:[t("a",{href:z(o.term.id),"data-app":!0,children:o.term.id})," ",o.term.name]}),t("td",{children:$e(o.term.category)}),t("td",{class:"number",children:o.studyCount}),t("td",{class:"number",children:o.backgroundCount}),t("td",{class:"number",children:o.foldEnrichment.toFixed(2)}),t("td",{class:"number",children:Me(o.pValue)}),t("td",{class:"number",children:Me(o.fdr)}),t("td",{children:o.studyGenes.map((i,l)=>t(S,{children:[l>0&&", ",t("a",{href:R(i.id),"data-app":!0,children:i.symbol})]}))})]},o.term.id))})]})})]})}function nn({loaded:e,children:n}){return e.state==="loading"?t("p",{role:"status",children:"Loading…"}):e.state==="error"?t("p",{role:"alert",class:"error",children:e.message}):t(S,{children:n(e.data)})}function xe(e,n){const[r,o]=w({state:"loading"}),i=JSON.stringify(n);return E(()=>{const l=new AbortController;return o({state:"loading"}),W(e,n,l.signal).then(h=>o({state:"done",data:h}),h=>{l.signal.aborted||o({state:"error",message:String(h)})}),()=>l.abort()},[e,i]),r}function En({id:e}){const n=xe(xn,{id:e});return t(nn,{loaded:n,children:r=>r.gene?t(Gn,{gene:r.gene},r.gene.id):t("section",{children:[t("h1",{tabIndex:-1,children:["No gene ",e]}),t("p",{children:["No gene has this id. ",t("a",{href:"/","data-app":!0,children:"Search"})," for it by symbol or name."]})]})})}function Gn({gene:e}){return t("article",{class:"gene",children:[t("h1",{tabIndex:-1,children:[e.symbol," ",t("span",{class:"subtitle",children:e.name})]}),t("dl",{class:"facts",children:[t("dt",{children:"Species"}),t("dd",{children:ce(e.species)}),t("dt",{children:"Gene id"}),t("dd",{children:e.id}),e.type&&t(S,{children:[t("dt",{children:"Type"}),t("dd",{children:e.type})]}),e.mapLocation&&t(S,{children:[t("dt",{children:"Location"}),t("dd",{children:e.mapLocation})]}),e.aliases.length>0&&t(S,{children:[t("dt",{children:"Also known as"}),t("dd",{children:e.aliases.join("; ")})]})]}),e.summary&&t("section",{"aria-labelledby":"summary",children:[t("h2",{id:"summary",children:"Summary"}),t("p",{children:e.summary}),e.summaryProvenance&&t("p",{class:"provenance",children:e.summaryProvenance})]}),t(Dn,{gene:e}),t(On,{annotations:e.annotations}),t(Rn,{gene:e}),t(Mn,{gene:e})]})}function Dn({gene:e}){return t("section",{"aria-labelledby":"orthologs",children:[t("h2",{id:"orthologs",children:"Orthologs"}),e.orthologs.length===0?t("p",{children:"None known."}):t("ul",{class:"orthologs",children:e.orthologs.map(n=>t("li",{children:[t("a",{href:R(n.gene.id),"data-app":!0,children:n.gene.symbol})," ",ce(n.gene.species)," ",t("small",{children:["(",n.sources.join(", "),")"]})]},n.gene.id))})]})}function On({annotations:e}){const[n,r]=w(""),[o,i]=w(""),l=[...new Set(e.map(d=>d.evidence??"none"))].sort(),h=new Map(F.map(d=>[d.value,new Set]));for(const d of e)h.get(d.term.category)?.add(d.term.id);const a=e.filter(d=>(!n||d.term.category===n)&&(!o||(d.evidence??"none")===o));return t("section",{"aria-labelledby":"go-terms",children:[t("h2",{id:"go-terms",children:"Gene Ontology"}),t("p",{class:"counts","aria-label":"Terms per category",children:F.map(d=>t("span",{"data-category":d.value,children:[d.label,": ",t("strong",{children:h.get(d.value)?.size??0})]},d.value))}),t("div",{class:"filters",children:[t("div",{class:"field",children:[t("label",{for:"go-category",children:"Category"}),t("select",{id:"go-category",value:n,onChange:d=>r(d.currentTarget.value),children:[t("option",{value:"",children:"All categories"}),F.map(d=>t("option",{value:d.value,children:d.label}))]})]}),t("div",{class:"field",children:[t("label",{for:"go-evidence",children:"Evidence"}),t("select",{id:"go-evidence",value:o,onChange:d=>i(d.currentTarget.value),children:[t("option",{value:"",children:"All evidence"}),l.map(d=>t("option",{value:d,children:d}))]})]})]}),t("div",{class:"scroll",children:t("table",{class:"go",children:[t("caption",{children:[a.length," of ",e.length," annotations"]}),t("thead",{children:t("tr",{children:[t("th",{scope:"col",children:"ID"}),t("th",{scope:"col",children:"Term"}),t("th",{scope:"col",children:"Category"}),t("th",{scope:"col",children:"Evidence"}),t("th",{scope:"col",children:"Source"})]})}),t("tbody",{children:a.map((d,c)=>t("tr",{children:[t("td",{children:t("a",{href:z(d.term.id),"data-app":!0,children:d.term.id})}),t("td",{children:[d.qualifier&&t("small",{class:"tag",children:d.qualifier})," ",d.term.name]}),t("td",{children:$e(d.term.category)}),t("td",{children:d.evidence??"—"}),t("td",{children:d.source})]},`${d.term.id}-${d.evidence}-${d.source}-${c}`))})]})})]})}function Rn({gene:e}){return e.xrefs.length===0?null:t("section",{"aria-labelledby":"links",children:[t("h2",{id:"links",children:"Links to other resources"}),t("ul",{class:"links",children:e.xrefs.map(n=>t("li",{children:n.url?t("a",{href:n.url,rel:"noopener noreferrer",children:[n.database,": ",n.id]}):`${n.database}: ${n.id}`},`${n.database}:${n.id}`))})]})}function Mn({gene:e}){const{discontinuedGenes:n,annotationChanges:r}=e.history,o=e.changes.length+n.length+r.length===0;return t("section",{"aria-labelledby":"changes",children:[t("h2",{id:"changes",children:"Changes associated with this gene"}),o&&t("p",{children:"None recorded."}),t("ul",{class:"changes",children:[e.changes.map((i,l)=>t("li",{children:[i.description," ",t("small",{children:["(",i.source,")"]})]},`page-${l}`)),n.map(i=>t("li",{children:[i.id," (",i.symbol,") was discontinued on ",i.discontinuedOn," and merged into this gene"]},i.id)),r.map(i=>t("li",{children:["Release ",i.release.number," (",i.release.loadedAt.slice(0,10),"): added"," ",i.added.length,", removed ",i.removed.length," annotations",i.removed.length>0&&t(S,{children:[" (removed: ",i.removed.map(l=>`${l.termId} ${l.evidence??""}`).join(", "),")"]})]},`release-${i.release.number}`))]})]})}const Hn=new Set(["gene-info","gene2go","gaf"]);function Un(){const e=xe(Cn,{});if(e.state!=="done")return null;const n=e.data.currentRelease;if(!n)return t("p",{class:"release-note",children:"No data loaded yet."});const r=!n.sources.some(o=>Hn.has(o.format));return t("aside",{class:"release-note","aria-label":"Data served",children:[t("p",{children:["Serving release ",n.number,", loaded ",n.loadedAt.slice(0,10),"."]}),r&&t("p",{children:["This database holds only the IL2 seed page. For real data (the Gene Ontology and NCBI Gene), run ",t("code",{children:"genegraph update --species human,mouse,rat"})," on the server."]})]})}const qn={SYMBOL:"symbol",SYMBOL_PREFIX:"symbol",ALIAS:"alias",NAME:"name",SUMMARY:"summary"};function He(e,n,r){const[o,i]=w(null),[l,h]=w(null);return E(()=>{const a=e.trim();if(!a){i(null);return}const d=new AbortController,c=setTimeout(()=>{W($n,{query:a,taxon:n,first:r},d.signal).then(u=>{h(null),i({query:a,nodes:u.search.nodes,total:u.search.totalCount})},u=>{d.signal.aborted||h(String(u))})},120);return()=>{clearTimeout(c),d.abort()}},[e,n,r]),{hits:o,error:l}}function Bn({query:e,taxon:n}){const[r,o]=w(e),[i,l]=w(n),[h,a]=w(!1),[d,c]=w(-1),u=un(null),g=He(r,i,10),s=He(e,n,50);E(()=>u.current?.focus(),[]),E(()=>o(e),[e]);const _=h&&r.trim()?g.hits?.nodes??[]:[],f=p=>{a(!1);const y=new URLSearchParams({q:p});i&&y.set("taxon",String(i)),ne(`/?${y}`)},b=p=>{p.key==="ArrowDown"&&_.length?(p.preventDefault(),a(!0),c((d+1)%_.length)):p.key==="ArrowUp"&&_.length?(p.preventDefault(),c((d-1+_.length)%_.length)):p.key==="Escape"?(a(!1),c(-1)):p.key==="Enter"&&d>=0&&_[d]&&(p.preventDefault(),ne(R(_[d].gene.id)))};return t("section",{children:[t("h1",{tabIndex:-1,children:"Find a gene"}),t("form",{class:"search",role:"search",onSubmit:p=>{p.preventDefault(),f(r)},children:[t("div",{class:"field grow combo",children:[t("label",{for:"q",children:"Symbol, alias or name"}),t("input",{id:"q",ref:u,type:"search",autocomplete:"off",spellcheck:!1,placeholder:"IL2, TCGF, interleukin…",role:"combobox","aria-autocomplete":"list","aria-expanded":_.length>0,"aria-controls":"suggestions","aria-activedescendant":d>=0?`suggestion-${d}`:void 0,value:r,onInput:p=>{o(p.currentTarget.value),a(!0),c(-1)},onKeyDown:b,onBlur:()=>setTimeout(()=>a(!1),150)}),t("ul",{id:"suggestions",role:"listbox","aria-label":"Suggestions",hidden:!_.length,children:_.map((p,y)=>t("li",{id:`suggestion-${y}`,role:"option","aria-selected":y===d,onMouseDown:m=>{m.preventDefault(),ne(R(p.gene.id))},children:[t("strong",{children:p.gene.symbol})," ",t("span",{children:p.gene.name})," ",t("small",{children:[p.gene.species.scientificName,p.matchedText?` · alias ${p.matchedText}`:""]})]},p.gene.id))})]}),t("div",{class:"field",children:[t("label",{for:"species",children:"Species"}),t("select",{id:"species",value:i??"",onChange:p=>l(Number(p.currentTarget.value)||null),children:[t("option",{value:"",children:"All species"}),le.map(p=>t("option",{value:p.taxon,children:p.label}))]})]}),t("button",{type:"submit",children:"Search"})]}),g.error&&t("p",{role:"alert",class:"error",children:g.error}),!e&&t(Un,{}),e&&t("section",{"aria-labelledby":"results-heading",children:[t("h2",{id:"results-heading",children:s.hits?`${s.hits.total} genes match “${s.hits.query}”`:"Searching…"}),t("ul",{class:"results",children:s.hits?.nodes.map(p=>t("li",{children:[t("a",{href:R(p.gene.id),"data-app":!0,children:t("strong",{children:p.gene.symbol})})," ",p.gene.name," ",t("small",{children:ce(p.gene.species)})," ",t("small",{class:"tag",children:["by ",qn[p.matchedBy]]})]},p.gene.id))})]})]})}const Fn=new Set(["is_a","part_of"]),O=168,V=44,q=16,X=40;function jn(e,n){var h;const r=new Map(e.map(a=>[a.id,[]]));for(const a of n)r.get(a.child)?.push(a.parent);const o=new Map,i=(a,d)=>{const c=o.get(a);if(c!==void 0)return c;if(d.has(a))return 0;d.add(a);const u=r.get(a)??[],g=u.length?1+Math.max(...u.map(s=>i(s,d))):0;return o.set(a,g),g},l=[];for(const a of e)(l[h=i(a.id,new Set)]??(l[h]=[])).push(a.id);return l.filter(Boolean)}function Wn(e,n){return e.length>n?`${e.slice(0,n-1)}…`:e}function zn({term:e,ancestors:n}){const r=[...n,e],o=new Set(r.map(s=>s.id)),i=r.flatMap(s=>s.parents.filter(_=>Fn.has(_.relation)&&o.has(_.term.id)).map(_=>({child:s.id,parent:_.term.id,relation:_.relation}))),l=jn(r,i),a=Math.max(...l.map(s=>s.length))*(O+q)+q,d=l.length*(V+X)+X/2,c=new Map;l.forEach((s,_)=>{const f=(a-s.length*(O+q)+q)/2;s.forEach((b,p)=>c.set(b,{x:f+p*(O+q),y:X/2+_*(V+X)}))});const u=new Map(r.map(s=>[s.id,s])),g=`${e.name} has ${n.length} ancestors over is_a and part_of`;return t("figure",{class:"graph",children:[t("div",{class:"scroll",children:t("svg",{role:"img","aria-label":g,viewBox:`0 0 ${a} ${d}`,width:a,height:d,children:[t("defs",{children:t("marker",{id:"arrow",viewBox:"0 0 10 10",refX:"10",refY:"5",markerWidth:"7",markerHeight:"7",orient:"auto",children:t("path",{d:"M0,0 L10,5 L0,10 z",class:"arrow"})})}),i.map(s=>{const _=c.get(s.child),f=c.get(s.parent);return t("line",{class:`edge ${s.relation}`,"data-relation":s.relation,x1:_.x+O/2,y1:_.y,x2:f.x+O/2,y2:f.y+V,"marker-end":"url(#arrow)"},`${s.child}-${s.relation}-${s.parent}`)}),[...c].map(([s,{x:_,y:f}])=>{const b=u.get(s),p=s===e.id,y=t("g",{class:p?"node self":"node",children:[t("rect",{x:_,y:f,width:O,height:V,rx:6}),t("text",{x:_+8,y:f+17,children:s}),t("text",{x:_+8,y:f+34,class:"name",children:Wn(b.name,24)}),t("title",{children:`${s} ${b.name}`})]});return p?t("g",{children:y},s):t("a",{href:z(s),"data-app":!0,"aria-label":`${s} ${b.name}`,children:y},s)})]})}),t("figcaption",{children:[t("span",{class:"key is_a",children:"is_a"})," ",t("span",{class:"key part_of",children:"part_of"})," Arrows point from a term to its parent."]})]})}const Kn=25;function Qn({id:e}){const n=xe(Sn,{id:e});return t(nn,{loaded:n,children:r=>r.goTerm?t(Vn,{term:r.goTerm}):t("section",{children:[t("h1",{tabIndex:-1,children:["No term ",e]}),t("p",{children:"The ontology has no term with this id."})]})})}function Ue({id:e}){return t("a",{href:z(e),"data-app":!0,children:e})}function Vn({term:e}){return t("article",{class:"term",children:[t("h1",{tabIndex:-1,children:[e.name," ",t("span",{class:"subtitle",children:e.id})]}),e.isObsolete&&t("p",{class:"notice",role:"note",children:["This term is obsolete.",e.replacedBy&&t(S,{children:[" ","Use ",t(Ue,{id:e.replacedBy})," instead."]}),e.consider.length>0&&t(S,{children:[" ","Consider"," ",e.consider.map((n,r)=>t(S,{children:[r>0&&", ",t(Ue,{id:n})]})),"."]})]}),t("dl",{class:"facts",children:[t("dt",{children:"Category"}),t("dd",{children:$e(e.category)}),t("dt",{children:"Definition"}),t("dd",{children:e.definition??"None given."}),e.synonyms.length>0&&t(S,{children:[t("dt",{children:"Synonyms"}),t("dd",{children:t("ul",{class:"plain",children:e.synonyms.map(n=>t("li",{children:[n.text," ",t("small",{class:"tag",children:n.scope})]},n.text))})})]}),e.altIds.length>0&&t(S,{children:[t("dt",{children:"Secondary ids"}),t("dd",{children:e.altIds.join(", ")})]}),t("dt",{children:"Elsewhere"}),t("dd",{children:[t("a",{href:e.quickGoUrl,rel:"noopener noreferrer",children:"QuickGO"})," ","·"," ",t("a",{href:e.amigoUrl,rel:"noopener noreferrer",children:"AmiGO"})]})]}),t("section",{"aria-labelledby":"ancestors",children:[t("h2",{id:"ancestors",children:"Ancestors"}),e.ancestors.length===0?t("p",{children:"None: the ontology has no term above this one."}):t(zn,{term:e,ancestors:e.ancestors})]}),t(Xn,{id:e.id})]})}function Xn({id:e}){const[n,r]=w(null),[o,i]=w([]),[l,h]=w(null),[a,d]=w(null),[c,u]=w(null),[g,s]=w(!1),_=async(f,b,p)=>{s(!0);try{const m=(await W(kn,{id:e,taxon:n,first:Kn,after:f},p)).goTerm?.genes;if(!m)return;i(k=>b?m.nodes:[...k,...m.nodes]),h(m.totalCount),d(m.pageInfo.hasNextPage?m.pageInfo.endCursor??null:null),u(null)}catch(y){p?.aborted||u(String(y))}finally{s(!1)}};return E(()=>{const f=new AbortController;return _(null,!0,f.signal),()=>f.abort()},[e,n]),t("section",{"aria-labelledby":"genes",children:[t("h2",{id:"genes",children:"Genes annotated to this term or below it"}),t("div",{class:"filters",children:t("div",{class:"field",children:[t("label",{for:"term-species",children:"Species"}),t("select",{id:"term-species",value:n??"",onChange:f=>r(Number(f.currentTarget.value)||null),children:[t("option",{value:"",children:"All species"}),le.map(f=>t("option",{value:f.taxon,children:f.label}))]})]})}),c&&t("p",{role:"alert",class:"error",children:c}),t("p",{role:"status",children:l===null?"Loading…":`Showing ${o.length} of ${l} genes`}),t("ul",{class:"results",children:o.map(f=>t("li",{children:[t("a",{href:R(f.id),"data-app":!0,children:t("strong",{children:f.symbol})})," ",f.name," ",t("small",{children:ce(f.species)})]},f.id))}),a&&t("button",{type:"button",disabled:g,onClick:()=>{_(a,!1)},children:"More genes"})]})}function Yn({route:e}){switch(e.page){case"search":return t(Bn,{query:e.query,taxon:e.taxon});case"gene":return t(En,{id:e.id});case"term":return t(Qn,{id:e.id});case"enrichment":return t(An,{});case"missing":return t("section",{children:[t("h1",{children:"Not found"}),t("p",{children:["There is no page at ",e.path,"."]})]})}}function Jn(){const e=gn();return E(()=>{const n=document.querySelector("main h1");n&&e.page!=="search"&&n.focus({preventScroll:!0})},[e]),t(S,{children:[t("a",{class:"skip",href:"#main",children:"Skip to content"}),t("header",{class:"bar",children:[t("a",{class:"brand",href:"/","data-app":!0,children:"genegraph"}),t("nav",{"aria-label":"Main",children:[t("a",{href:"/","data-app":!0,"aria-current":e.page==="search"?"page":void 0,children:"Search"}),t("a",{href:"/enrichment","data-app":!0,"aria-current":e.page==="enrichment"?"page":void 0,children:"Enrichment"}),t("a",{href:"/graphql",children:"GraphiQL"})]})]}),t("main",{id:"main",children:t(Yn,{route:e})})]})}yn();dn(t(Jn,{}),document.getElementById("app"));
